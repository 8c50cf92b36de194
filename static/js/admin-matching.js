/* The coordinator's matching page. A file, not an inline script: the Content-Security-Policy
 runs only scripts from our origin. */
// select2 names its text box after nothing; give it the field's label.
django.jQuery(function () {
  document.querySelectorAll("#pair-form select.admin-autocomplete").forEach(function (select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    const box = document.getElementById("select2-" + select.id + "-container");
    if (label && box) { box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "")); }
  });
});

