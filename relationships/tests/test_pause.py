"""Pausing a relationship: until a return date, for a reason the others and the coordinators
read; who may pause and resume it, from the workspace and the admin; what the others are
told; what stays possible while it is paused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relationships.models import Match, Message
from relationships.services import (
    agreement_sign,
    match_end,
    match_pause,
    match_resume,
    message_send,
)
from relationships.tests.conftest import ROLES, as_

pytestmark = pytest.mark.django_db
REASON = "Parental leave <b>until spring</b>"


def today():
    return timezone.localdate()


@pytest.fixture
def soon(running):
    """The programme runs from a month ago to a year ahead."""
    running.starts_on = today() - timedelta(days=30)
    running.ends_on = today() + timedelta(days=330)
    running.save()
    return running


def pause(member, days=14, reason=REASON, callbacks=None):
    return match_pause(
        match=member.match,
        by=member.enrolment.user,
        until=today() + timedelta(days=days),
        reason=reason,
    )


def url(name, match):
    return reverse(f"relationships:{name}", args=[match.pk])


# --- The services ---------------------------------------------------------------------------


def test_a_member_pauses_until_a_date_for_a_reason_and_the_others_are_told(
    soon, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        paused = pause(mentee)

    paused.refresh_from_db()
    assert paused.status == Match.Status.PAUSED and paused.is_paused and not paused.is_running
    assert paused.paused_until == today() + timedelta(days=14)
    assert paused.pause_reason == REASON and paused.paused_by == mentee.enrolment.user
    assert paused.is_current  # the places are kept
    (told,) = mailoutbox  # Maja only: Adam paused it himself
    assert told.to == [mentor.enrolment.user.email]
    assert "pausad till" in told.subject  # in Maja's Swedish
    assert "Adam Adept" in told.body and REASON in told.body
    html = told.alternatives[0][0]
    assert "Parental leave &lt;b&gt;until spring&lt;/b&gt;" in html and "<b>until" not in html
    assert f"/relationships/{match.pk}/" in told.body


def test_the_pause_notice_goes_once_even_when_its_task_runs_twice(
    soon, pair, mailoutbox, django_capture_on_commit_callbacks
):
    from relationships import tasks

    match, _mentor, mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        paused = pause(mentee)
    tasks.announce_pause(match.pk, paused.pause_key, mentee.enrolment.user_id)

    assert len(mailoutbox) == 1


def test_a_notice_whose_pause_ended_before_it_was_sent_is_not_sent(
    soon, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    with django_capture_on_commit_callbacks(execute=False) as queued:
        pause(mentee)
    match_resume(match=mentee.match, by=mentee.enrolment.user)
    for callback in queued:
        callback()

    assert mailoutbox == []


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "The return date must be after today."),
        (-3, "The return date must be after today."),
        (184, "A pause lasts at most 183 days"),
        (331, "The programme ends on"),
    ],
)
def test_the_return_date_is_after_today_within_six_months_and_the_programme(
    soon, pair, days, message
):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError, match=message) as refused:
        pause(mentee, days=days)

    assert "until" in refused.value.message_dict
    mentee.match.refresh_from_db()
    assert mentee.match.status == Match.Status.FORMING


def test_the_longest_pause_is_a_setting(soon, pair, settings):
    settings.PAUSE_MAX_DAYS = 30
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError, match="at most 30 days"):
        pause(mentee, days=31)
    assert pause(mentee, days=30).is_paused


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Write why you pause"),
        ("  \x00 ", "Write why you pause"),
        ("x" * 501, "Keep it under 500 characters"),
    ],
)
def test_the_reason_is_required_and_short(soon, pair, reason, message):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError, match=message) as refused:
        pause(mentee, reason=reason)

    assert "reason" in refused.value.message_dict


def test_a_nul_in_the_reason_is_dropped(soon, pair):
    _match, _mentor, mentee = pair
    assert pause(mentee, reason="Ill\x00ness").pause_reason == "Illness"


def test_pausing_twice_or_resuming_what_is_not_paused_says_so(soon, pair):
    _match, mentor, mentee = pair
    with pytest.raises(ValidationError, match=r"This relationship is not paused\."):
        match_resume(match=mentee.match)
    pause(mentee)

    with pytest.raises(ValidationError, match="This relationship is already paused, until"):
        pause(mentor)


def test_an_ended_relationship_is_not_paused(soon, pair):
    match, _mentor, mentee = pair
    match_end(match=match, by=None, reason="Moved abroad")

    with pytest.raises(ValidationError, match=r"This match has already ended\."):
        pause(mentee)


def test_resuming_makes_it_forming_while_the_agreement_waits_and_active_once_signed(soon, pair):
    match, mentor, mentee = pair
    pause(mentee)

    resumed = match_resume(match=match, by=mentor.enrolment.user)

    assert resumed.status == Match.Status.FORMING
    assert resumed.paused_until == today()  # the day it came back
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    pause(mentee)
    assert match_resume(match=match).status == Match.Status.ACTIVE


def test_signing_while_paused_keeps_it_paused_and_it_comes_back_active(soon, pair):
    match, mentor, mentee = pair
    pause(mentee)

    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    match.refresh_from_db()

    assert match.status == Match.Status.PAUSED and match.agreement_signed_at is not None
    assert match_resume(match=match).status == Match.Status.ACTIVE


def test_members_still_write_while_paused_and_the_relationship_can_end(soon, pair):
    match, _mentor, mentee = pair
    pause(mentee)

    message_send(member=mentee, body="Still here if you need me.")
    ended = match_end(match=match, by=None, reason="It did not work out")

    assert Message.objects.filter(match=match).count() == 1
    assert ended.status == Match.Status.ENDED_EARLY


# --- The workspace ---------------------------------------------------------------------------


def test_the_workspace_shows_the_pause_with_its_reason_and_resume_now(client, soon, pair):
    match, mentor, mentee = pair
    pause(mentee)
    client.force_login(mentor.enrolment.user)

    page = client.get(url("workspace", match)).text

    until = today() + timedelta(days=14)
    assert "Paused until" in page
    assert "Parental leave &lt;b&gt;until spring&lt;/b&gt;" in page and "<b>until" not in page
    assert url("resume", match) in page and "Resume now" in page
    assert "Need a break?" not in page
    assert str(until.year) in page
    # The other pages of the relationship show it too.
    assert "Paused until" in client.get(url("messages", match)).text


def test_a_running_workspace_offers_a_pause(client, soon, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    page = client.get(url("workspace", match)).text

    assert "Need a break?" in page and url("pause", match) in page
    assert "Paused until" not in page


def test_a_member_pauses_through_the_form_and_resumes_with_one_click(
    client, soon, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    until = today() + timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("pause", match), {"until": until.isoformat(), "reason": "Ill"})

    assert response.status_code == 302 and response["Location"] == url("workspace", match)
    match.refresh_from_db()
    assert (match.status, match.paused_until, match.pause_reason) == ("paused", until, "Ill")
    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]
    followed = client.get(url("workspace", match)).text
    assert "The relationship is paused until" in followed

    client.force_login(mentor.enrolment.user)
    response = client.post(url("resume", match))

    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.FORMING
    assert "running again" in client.get(url("workspace", match)).text


def test_resume_is_a_post_only(client, soon, pair):
    match, _mentor, mentee = pair
    pause(mentee)
    client.force_login(mentee.enrolment.user)

    assert client.get(url("resume", match)).status_code == 405
    match.refresh_from_db()
    assert match.is_paused


def test_resuming_what_is_not_paused_answers_with_a_message(client, soon, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    response = client.post(url("resume", match), follow=True)

    assert response.status_code == 200
    assert "This relationship is not paused." in response.text


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ("²", "Write the date as year-month-day"),
        ("2027-02-30", "Write the date as year-month-day"),
        ("\x00", "Write the date as year-month-day"),
        ("99999-01-01", "Write the date as year-month-day"),
        ("9999-12-31", "The programme ends on"),
        ("", "Choose the date you expect to come back."),
    ],
)
def test_odd_dates_are_refused_with_a_message(client, soon, pair, until, message):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    response = client.post(url("pause", match), {"until": until, "reason": "A break"})

    assert response.status_code == 200
    assert message in response.text
    match.refresh_from_db()
    assert not match.is_paused


def test_a_huge_reason_is_refused_not_a_server_error(client, soon, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    until = (today() + timedelta(days=5)).isoformat()

    huge = client.post(url("pause", match), {"until": until, "reason": "x" * 10_000_000})
    long = client.post(url("pause", match), {"until": until, "reason": "x" * 501})

    assert huge.status_code in (200, 400)
    assert long.status_code == 200 and "at most 500 characters" in long.text
    match.refresh_from_db()
    assert not match.is_paused


def test_pausing_twice_through_the_form_says_so(client, soon, pair):
    match, mentor, mentee = pair
    pause(mentee)
    client.force_login(mentor.enrolment.user)
    until = (today() + timedelta(days=5)).isoformat()

    response = client.post(url("pause", match), {"until": until, "reason": "Me too"})

    assert response.status_code == 200
    assert "This relationship is already paused, until" in response.text
    match.refresh_from_db()
    assert match.pause_reason == REASON


def test_an_ended_relationship_offers_no_pause(client, soon, pair):
    match, _mentor, mentee = pair
    match_end(match=match, by=None, reason="Moved")
    client.force_login(mentee.enrolment.user)
    until = (today() + timedelta(days=5)).isoformat()

    page = client.get(url("workspace", match)).text
    response = client.post(url("pause", match), {"until": until, "reason": "x"}, follow=True)

    assert "Need a break?" not in page
    assert "This relationship has ended" in response.text
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED_EARLY


# --- Who may: role × URL ---------------------------------------------------------------------


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_members_open_the_pause_form(client, soon, users, pair, role):
    match = pair[0]

    response = as_(client, users[role]).get(url("pause", match))

    if role == "anon":
        assert sent_to_sign_in(response)
    elif role in ("member", "other_member"):
        assert response.status_code == 200 and 'name="until"' in response.text
    else:  # coordinators pause in the admin
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_the_members_pause(client, soon, users, pair, role):
    match = pair[0]
    until = (today() + timedelta(days=5)).isoformat()

    response = as_(client, users[role]).post(url("pause", match), {"until": until, "reason": "x"})

    match.refresh_from_db()
    if role == "anon":
        assert sent_to_sign_in(response)
    elif role in ("member", "other_member"):
        assert response.status_code == 302
        assert match.is_paused and match.paused_by == users[role]
        return
    else:
        assert response.status_code == 404
    assert not match.is_paused


@pytest.mark.parametrize("role", ROLES)
def test_only_the_members_resume(client, soon, users, pair, role):
    match, _mentor, mentee = pair
    pause(mentee)

    response = as_(client, users[role]).post(url("resume", match))

    match.refresh_from_db()
    if role == "anon":
        assert sent_to_sign_in(response)
    elif role in ("member", "other_member"):
        assert response.status_code == 302 and not match.is_paused
        return
    else:
        assert response.status_code == 404
    assert match.is_paused


@pytest.mark.parametrize("bad", ["0", "999999", "²", "1" * 30, "-1", "1%00"])
def test_forged_or_missing_ids_are_404(client, soon, pair, bad):
    _match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    assert client.get(f"/relationships/{bad}/pause/").status_code == 404
    assert client.post(f"/relationships/{bad}/resume/").status_code == 404


def test_my_programmes_says_paused_until(client, soon, pair):
    _match, _mentor, mentee = pair
    pause(mentee)
    client.force_login(mentee.enrolment.user)

    page = client.get(reverse("dashboard:mine")).text

    assert "Paused until" in page


# --- The coordinators' admin -----------------------------------------------------------------


def admin_url(name, match):
    return reverse(f"admin:relationships_match_{name}", args=[match.pk])


@pytest.fixture
def cora(users):
    return users["coordinator"]


def test_a_coordinator_pauses_in_the_admin_and_every_member_is_told(
    client, soon, cora, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = pair
    client.force_login(cora)
    until = today() + timedelta(days=20)

    page = client.get(admin_url("change", match)).text
    form = client.get(admin_url("pause", match))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("pause", match),
            {"pause_confirmed": "1", "until": until.isoformat(), "reason": "Reorganisation"},
        )

    assert admin_url("pause", match) in page
    assert form.status_code == 200 and "This match will be paused:" in form.text
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.is_paused and match.paused_until == until and match.paused_by == cora
    told = sorted(m.to[0] for m in mailoutbox)
    assert told == sorted([mentor.enrolment.user.email, mentee.enrolment.user.email])
    assert all("Your coordinator has paused" in m.body for m in mailoutbox)
    changelist = client.get(reverse("admin:relationships_match_changelist")).text
    assert "Paused until" in changelist
    change = client.get(admin_url("change", match)).text
    assert "Reorganisation" in change and admin_url("resume", match) in change


def test_the_admin_pause_refuses_a_bad_date_on_the_form(client, soon, cora, pair):
    match = pair[0]
    client.force_login(cora)

    response = client.post(
        admin_url("pause", match),
        {"pause_confirmed": "1", "until": today().isoformat(), "reason": "x"},
    )

    assert response.status_code == 200
    assert "The return date must be after today." in response.text
    match.refresh_from_db()
    assert not match.is_paused


def test_a_coordinator_resumes_in_the_admin_and_a_get_changes_nothing(client, soon, cora, pair):
    match, _mentor, mentee = pair
    pause(mentee)
    client.force_login(cora)

    client.get(admin_url("resume", match))
    match.refresh_from_db()
    assert match.is_paused

    response = client.post(admin_url("resume", match))
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.FORMING


def test_the_admin_list_filters_paused_and_back_from_a_pause(client, soon, cora, pair, elsewhere):
    match, _mentor, mentee = pair
    pause(mentee)
    client.force_login(cora)
    changelist = reverse("admin:relationships_match_changelist")

    paused = client.get(changelist, {"pause": "paused"}).context["cl"].result_list
    soon_back = client.get(changelist, {"pause": "back_soon"}).context["cl"].result_list
    match_resume(match=match)
    back = client.get(changelist, {"pause": "back"}).context["cl"].result_list

    assert [m.pk for m in paused] == [match.pk]
    assert list(soon_back) == []  # back in two weeks
    assert [m.pk for m in back] == [match.pk]


def test_the_admin_actions_pause_and_resume_the_selection(
    client, soon, cora, pair, elsewhere, mailoutbox, django_capture_on_commit_callbacks
):
    match = pair[0]
    client.force_login(cora)
    changelist = reverse("admin:relationships_match_changelist")
    until = (today() + timedelta(days=7)).isoformat()
    chosen = {"_selected_action": [match.pk, elsewhere.pk]}

    asked = client.post(changelist, {"action": "pause_relationships", **chosen})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            changelist,
            {
                "action": "pause_relationships",
                **chosen,
                "pause_confirmed": "1",
                "until": until,
                "reason": "Summer",
            },
        )

    assert asked.status_code == 200 and "These 2 matches will be paused:" in asked.text
    assert set(Match.objects.values_list("status", flat=True)) == {"paused"}
    assert len(mailoutbox) == 4
    client.post(changelist, {"action": "resume_relationships", **chosen})
    assert set(Match.objects.values_list("status", flat=True)) == {"forming"}


@pytest.mark.parametrize("role", ["other_coordinator", "member", "anon"])
def test_nobody_else_pauses_or_resumes_in_the_admin(client, soon, users, pair, role):
    match = pair[0]
    until = (today() + timedelta(days=5)).isoformat()

    response = as_(client, users[role]).post(
        admin_url("pause", match), {"pause_confirmed": "1", "until": until, "reason": "x"}
    )
    resumed = as_(client, users[role]).post(admin_url("resume", match))

    if role == "other_coordinator":
        assert response.status_code == 404 and resumed.status_code == 404
    else:  # the admin's sign-in page
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    match.refresh_from_db()
    assert not match.is_paused


# --- Every new e-mail, in Swedish and in English ---------------------------------------------

SUBJECTS = {
    "match-paused": ("is paused until", "är pausad till"),
    "relationship-welcome-back": ("Welcome back", "Välkommen tillbaka"),
    "agreement-reminder": ("Reminder: sign your agreement", "Påminnelse: skriv under"),
    "fit-check-reminder": ("Is it a good fit?", "Passar ni ihop?"),
}


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("email", list(SUBJECTS))
def test_each_email_renders_in_swedish_and_english(soon, pair, mailoutbox, email, language):
    from relationships import emails

    match, mentor, mentee = pair
    in_english, in_swedish = SUBJECTS[email]
    user = mentor.enrolment.user
    user.preferred_language = language
    user.save()
    pause(mentee)
    match.refresh_from_db()

    if email == "match-paused":
        emails.match_paused(match=match, to=user)
    elif email == "relationship-welcome-back":
        emails.welcome_back(match=match, to=user, occasion=match.pause_key)
    elif email == "agreement-reminder":
        emails.agreement_reminder(match=match, member=mentor, occasion="v1")
    else:
        emails.fit_check_reminder(member=mentor)

    (sent,) = mailoutbox
    assert (in_swedish if language == "sv" else in_english) in sent.subject
    assert "Adam Adept" in sent.body and "Adam Adept" in sent.alternatives[0][0]
    assert f"/relationships/{match.pk}/" in sent.body
    assert "{%" not in sent.body and "{{" not in sent.body
