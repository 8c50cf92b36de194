"""The "did you meet?" page a check e-mail's links open (``services.check``).

It works without signing in: the signed link is the authority and answers for the member
it was sent to, whoever is signed in. GET only asks — a link scanner or a mail program's
preview that opens the link changes nothing; the page's buttons POST the answer. A link we
did not sign, or that has expired, answers 404; a genuine one whose meeting has changed
since, or whose member has left, says that it is out of date (also 404).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from relationships.selectors import get_membership_for_user

from ..models import Meeting
from ..selectors import get_meeting
from ..services import check

TEMPLATE = "meetings/meeting_check.html"
ANSWERS = {"held": True, "missed": False}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_check(request, token: str):
    link = check.read_check_token(token)
    if link is None:
        raise Http404
    owner = User.objects.filter(pk=link.user_id, is_active=True).first()
    if owner is None:
        raise Http404
    # Times as the e-mail gave them: in the time zone of the member it was sent to.
    with timezone.override(owner.zone):
        return _answer(request, link, owner)


def _answer(request, link: check.CheckLink, owner: User):
    member = get_membership_for_user(owner, link.match_id)  # 404: never a member
    meeting = get_meeting(member, link.meeting_id)  # 404: not a meeting of theirs
    context = {"meeting": meeting, "owner": owner, "programme": member.match.programme}
    if not member.current or not member.match.is_current:
        return _page(request, context, "left", status=404)
    context["meeting_url"] = _meeting_path(meeting)
    if check.out_of_date(link, meeting):
        state = "cancelled" if meeting.status == Meeting.Status.CANCELLED else "changed"
        return _page(request, context, state, status=404)
    context["others"] = [
        m.enrolment.user.public_name
        for m in member.match.members.filter(current=True)
        .exclude(pk=member.pk)
        .select_related("enrolment__user")
    ]
    if meeting.status in check.RECORDED:
        return _page(request, context, "recorded")
    if request.method != "POST":  # GET or HEAD: ask, change nothing
        context["hint"] = request.GET.get("answer", "")
        return _page(request, context, "ask")
    answer = request.POST.get("answer", "")
    if answer not in ANSWERS:
        context["error"] = _("Choose one of the two answers.")
        return _page(request, context, "ask", status=400)
    try:
        meeting, recorded_now = check.meeting_check_answer(
            member=member, meeting=meeting, sequence=link.sequence, held=ANSWERS[answer]
        )
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return _page(request, context, "ask", status=400)
    context["meeting"] = meeting
    return _page(request, context, "thanks" if recorded_now else "recorded")


def _meeting_path(meeting: Meeting) -> str:
    return reverse("meetings:detail", kwargs={"pk": meeting.match_id, "meeting": meeting.pk})


def _page(request, context: dict, state: str, status: int = 200):
    return render(request, TEMPLATE, {**context, "state": state}, status=status)
