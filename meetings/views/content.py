"""The posts of the meeting page's agenda, notes and action items.

Each starts from the signed-in person's membership and the meeting inside it
(``MeetingMixin``: 404 for anyone else, coordinators included), then an item inside that
meeting (404 for another meeting's). Notes have no id in their address at all: a member
writes their own shared note or private reflection, and nobody else's. A refused form
comes back on the meeting page as it was sent, with its errors; a refused button says why
in a message. Once the relationship has ended every post is refused with the usual message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from relationships.services import editable_check

from .. import selectors
from ..forms import ActionItemForm, AgendaItemForm, NoteForm
from ..services import content
from . import MeetingDetailView


class _MeetingPost(MeetingDetailView):
    """A post from the meeting page: refused for an ended relationship, and otherwise
    ``act()``, which answers with a redirect or the page with a bound form."""

    http_method_names = ["post"]
    anchor = ""

    def look_up(self) -> None:
        """What the address names, in order: 404 for the first thing that is not theirs."""
        self.member  # noqa: B018
        self.meeting  # noqa: B018

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.look_up()
        return super().dispatch(request, *args, **kwargs)

    # Each view defines ``act(request)``: the change itself, answering the response.

    def post(self, request, *args, **kwargs):
        try:
            editable_check(self.member)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return self.to_meeting()
        return self.act(request)

    def to_meeting(self):
        response = super().to_meeting()
        if self.anchor:
            response["Location"] += f"#{self.anchor}"
        return response

    def refused_form(self, name: str, form, error: ValidationError | None = None):
        """The page again, with ``form`` as it was sent and what was wrong with it."""
        if error is not None:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        self.bound = {name: form}
        context = self.get_context_data(**self.kwargs)
        if context.get(name) is not form:
            # The page no longer offers this form (the meeting was cancelled meanwhile, or
            # has not begun): say why instead.
            said = [message for errors in form.errors.values() for message in errors]
            messages.error(self.request, " ".join(said))
            return self.to_meeting()
        return self.render_to_response(context)

    def refused_button(self, error: ValidationError):
        messages.error(self.request, " ".join(error.messages))
        return self.to_meeting()


# --- The agenda ------------------------------------------------------------------------------
class AgendaItemAddView(_MeetingPost):
    anchor = "agenda"

    def act(self, request):
        topics = list(selectors.topics_for(self.member.match.programme))
        form = AgendaItemForm(request.POST, topics=topics)
        if not form.is_valid():
            return self.refused_form("agenda_form", form)
        try:
            content.agenda_item_add(
                member=self.member,
                meeting=self.meeting,
                text=form.cleaned_data["text"],
                topic=form.cleaned_data.get("topic"),
            )
        except ValidationError as error:
            return self.refused_form("agenda_form", form, error)
        messages.success(request, _("The topic is on the agenda; the others see it."))
        return self.to_meeting()


class _AgendaItemPost(_MeetingPost):
    @cached_property
    def item(self):
        return selectors.get_agenda_item(self.meeting, self.kwargs["item"])

    def look_up(self) -> None:
        super().look_up()
        self.item  # noqa: B018 — another meeting's item answers 404


class AgendaItemRemoveView(_AgendaItemPost):
    anchor = "agenda"

    def act(self, request):
        try:
            content.agenda_item_remove(member=self.member, item=self.item)
        except ValidationError as error:
            return self.refused_button(error)
        messages.success(request, _("The topic is off the agenda."))
        return self.to_meeting()


# --- Notes -----------------------------------------------------------------------------------
KINDS = {"shared": False, "private": True}


class NoteSaveView(_MeetingPost):
    """The member's own shared note or private reflection (``kind`` in the address)."""

    anchor = "notes"

    @cached_property
    def private(self) -> bool:
        if self.kwargs["kind"] not in KINDS:
            raise Http404
        return KINDS[self.kwargs["kind"]]

    def look_up(self) -> None:
        super().look_up()
        self.private  # noqa: B018 — a kind of note that does not exist answers 404

    def act(self, request):
        name = "private_form" if self.private else "shared_form"
        form = NoteForm(request.POST, private=self.private)
        if not form.is_valid():
            return self.refused_form(name, form)
        try:
            note = content.note_save(
                member=self.member,
                meeting=self.meeting,
                private=self.private,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            return self.refused_form(name, form, error)
        if note is None:
            messages.success(request, _("Removed."))
        elif self.private:
            messages.success(request, _("Your reflection is saved. Only you can read it."))
        else:
            messages.success(
                request, _("Your note is saved. The others in the relationship read it.")
            )
        return self.to_meeting()


# --- Action items ----------------------------------------------------------------------------
class ActionItemAddView(_MeetingPost):
    anchor = "actions"

    def act(self, request):
        members = list(
            self.meeting.match.members.filter(current=True).select_related("enrolment__user")
        )
        form = ActionItemForm(request.POST, member=self.member, members=members)
        if not form.is_valid():
            return self.refused_form("action_form", form)
        try:
            content.action_item_add(member=self.member, meeting=self.meeting, **form.cleaned_data)
        except ValidationError as error:
            return self.refused_form("action_form", form, error)
        messages.success(request, _("The action item is added."))
        return self.to_meeting()


class _ActionItemPost(_MeetingPost):
    @cached_property
    def item(self):
        return selectors.get_action_item(self.meeting, self.kwargs["item"])

    def look_up(self) -> None:
        super().look_up()
        self.item  # noqa: B018 — another meeting's item answers 404


class ActionItemDoneView(_ActionItemPost):
    anchor = "actions"

    def act(self, request):
        done = request.POST.get("done") == "1"
        try:
            content.action_item_mark(member=self.member, item=self.item, done=done)
        except ValidationError as error:
            return self.refused_button(error)
        if done:
            messages.success(request, _("Done: “%(item)s”.") % {"item": self.item.text})
        else:
            messages.info(request, _("“%(item)s” is open again.") % {"item": self.item.text})
        return self.to_meeting()


class ActionItemRemoveView(_ActionItemPost):
    anchor = "actions"

    def act(self, request):
        try:
            content.action_item_remove(member=self.member, item=self.item)
        except ValidationError as error:
            return self.refused_button(error)
        messages.success(request, _("The action item is removed."))
        return self.to_meeting()


class ActionItemStepView(_ActionItemPost):
    """The action item as a step of one of the member's goals; on to that goal."""

    anchor = "actions"

    def act(self, request):
        try:
            url = content.action_item_to_step(
                member=self.member, item=self.item, goal_id=request.POST.get("goal", "")
            )
        except ValidationError as error:
            return self.refused_button(error)
        messages.success(
            request, _("“%(item)s” is now a step of this goal.") % {"item": self.item.text}
        )
        return redirect(url)
