// The coordinators' admin: the error summary of a failed submit takes focus and its links
// move focus to their fields; autocomplete search boxes get their field's name. A file of our
// own, never inline: the Content Security Policy will allow scripts from our static files only.
"use strict";

// The search boxes of autocomplete_fields (Select2) are named by their chosen value alone,
// so an empty one has no name. Name each by its field's label first, whenever Select2 draws
// one (Django draws them after the page has loaded, and again for each inline row added).
function nameSearchBoxes() {
  document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
    const label = select.id && document.querySelector("label[for='" + select.id + "']");
    const container = select.nextElementSibling;
    const box = container && container.querySelector(".select2-selection[role='combobox']");
    if (!label || !box) {
      return;
    }
    label.id = label.id || select.id + "_label";
    // The chosen value inside is text, not a second, nameless text box.
    box.querySelectorAll(".select2-selection__rendered[role='textbox']").forEach(function (shown) {
      shown.removeAttribute("role");
      shown.removeAttribute("aria-readonly");
    });
    const current = box.getAttribute("aria-labelledby") || "";
    if (!current.split(" ").includes(label.id)) {
      box.setAttribute("aria-labelledby", (label.id + " " + current).trim());
    }
  });
}
document.addEventListener("DOMContentLoaded", function () {
  if (document.querySelector("select.admin-autocomplete")) {
    new MutationObserver(nameSearchBoxes).observe(document.body, {childList: true, subtree: true});
    nameSearchBoxes();
  }
});

document.addEventListener("DOMContentLoaded", function () {
  const summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  // Django's change_form.js (loaded async) puts focus on the first field of an add form; take
  // it back once every script has run, unless the person has already moved on.
  let moved = false;
  ["keydown", "mousedown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function () { moved = true; }, {once: true});
  });
  window.addEventListener("load", function () {
    if (!moved) {
      summary.focus();
    }
  });
  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    // A collapsed fieldset or inline hides the field; open it first.
    const details = field.closest("details");
    if (details) {
      details.open = true;
    }
    field.focus();
    field.scrollIntoView({block: "center"});
  });
});
