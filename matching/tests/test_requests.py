"""Mentees' requests to mentors: the services, the e-mails, the expiry job and the pages.

Adam and Bo are mentees; Maja, Nils and Olga mentors, in a programme where mentees choose.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from matching.models import Exclusion, MatchRequest, settings_for
from matching.selectors import mentor_choices
from matching.services import requests as svc
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory
from relationships.models import Match, MatchMember
from relationships.services import match_create

from .factories import matching_programme

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR
Status = MatchRequest.Status
START = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


def _user(email: str, name: str, **fields):
    return UserFactory(email=email, display_name=name, **fields)


@pytest.fixture
def programme() -> Programme:
    return matching_programme(
        name="Mentors by request",
        slug="by-request",
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
    )


@pytest.fixture
def leadership(programme):
    return AreaFactory(programme=programme, name="Leadership")


@pytest.fixture
def adam(programme, leadership) -> Enrolment:
    return person(programme, areas=[leadership], user=_user("adam@example.org", "Adam Adept"))


@pytest.fixture
def bo(programme) -> Enrolment:
    return person(programme, user=_user("bo@example.org", "Bo Berg"))


@pytest.fixture
def maja(programme, leadership) -> Enrolment:
    return person(
        programme,
        MENTOR,
        areas=[leadership],
        user=_user("maja@example.org", "Maja Mentor"),
        organisation="Northwind",
        city="Umeå",
        manager_email="maja.boss@example.org",
    )


@pytest.fixture
def nils(programme) -> Enrolment:
    return person(programme, MENTOR, user=_user("nils@example.org", "Nils Nord"))


@pytest.fixture
def olga(programme) -> Enrolment:
    return person(programme, MENTOR, user=_user("olga@example.org", "Olga Ost"))


def send(mentee: Enrolment, *mentors: Enrolment, message: str = "") -> list[MatchRequest]:
    return svc.request_send(mentee=mentee, mentors=list(mentors), message=message, by=mentee.user)


def refusal(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def statuses(mentee: Enrolment) -> list[tuple[str, str]]:
    return [
        (r.mentor.user.display_name, r.status)
        for r in MatchRequest.objects.filter(mentee=mentee).order_by("rank")
    ]


# --- Sending ----------------------------------------------------------------------------------


def test_first_request_goes_out_at_once_and_the_mentor_gets_an_email(
    adam, maja, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(START, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (sent,) = send(adam, maja, message="I would love to learn how you lead.")

    assert sent.status == Status.OPEN
    assert sent.rank == 1
    assert sent.sent_at == START
    assert sent.expires_at == START + timedelta(days=3)
    (email,) = mailoutbox
    assert email.to == ["maja@example.org"]
    assert "Adam Adept asks you to be their mentor" in email.subject
    assert "I would love to learn how you lead." in email.body
    assert "13 March 2027, 10:00" in email.body  # the deadline in Maja's time zone
    assert f"/requests/{sent.pk}/" in email.body


def test_later_choices_wait_in_rank_order_without_e_mails(
    adam, maja, nils, olga, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(adam, maja)
        send(adam, nils, olga)

    assert statuses(adam) == [
        ("Maja Mentor", Status.OPEN),
        ("Nils Nord", Status.WAITING),
        ("Olga Ost", Status.WAITING),
    ]
    assert [m.to for m in mailoutbox] == [["maja@example.org"]]


def test_acceptance_creates_the_match_withdraws_the_rest_and_introduces_both(
    adam, maja, nils, mailoutbox, django_capture_on_commit_callbacks
):
    first, _second = send(adam, maja, nils)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = svc.request_respond(
            request=first, accept=True, note="Welcome aboard!", by=maja.user
        )

    assert accepted.status == Status.ACCEPTED
    assert accepted.response_note == "Welcome aboard!"
    match = accepted.match
    assert match.origin == Match.Origin.REQUEST
    assert {m.enrolment_id for m in match.members.all()} == {adam.pk, maja.pk}
    assert match.score is not None and match.explanation
    assert statuses(adam) == [("Maja Mentor", Status.ACCEPTED), ("Nils Nord", Status.WITHDRAWN)]
    by_recipient = {(tuple(m.to), m.subject) for m in mailoutbox}
    assert any(to == ("adam@example.org",) and "has accepted" in s for to, s in by_recipient)
    assert any(to == ("adam@example.org",) and "matched" in s for to, s in by_recipient)
    assert any(to == ("maja@example.org",) and "matched" in s for to, s in by_recipient)
    accepted_mail = next(m for m in mailoutbox if "has accepted" in m.subject)
    assert "Welcome aboard!" in accepted_mail.body


def test_a_decline_sends_the_next_choice_and_tells_the_mentee(
    adam, maja, nils, mailoutbox, django_capture_on_commit_callbacks
):
    first, _second = send(adam, maja, nils)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        svc.request_respond(
            request=first, accept=False, note="I am abroad all spring.", by=maja.user
        )

    assert statuses(adam) == [("Maja Mentor", Status.DECLINED), ("Nils Nord", Status.OPEN)]
    declined = next(m for m in mailoutbox if m.to == ["adam@example.org"])
    assert "Maja Mentor has declined your request" in declined.subject
    assert "I am abroad all spring." in declined.body
    assert "Your next choice, Nils Nord, has now been asked" in declined.body
    assert any(m.to == ["nils@example.org"] for m in mailoutbox)


def test_a_decline_with_nothing_waiting_points_to_find_a_mentor(
    adam, maja, mailoutbox, django_capture_on_commit_callbacks
):
    (first,) = send(adam, maja)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        svc.request_respond(request=first, accept=False, by=maja.user)

    (email,) = mailoutbox
    assert "You have no other request waiting" in email.body
    assert reverse("matching:mentor_list", kwargs={"slug": "by-request"}) in email.body


def test_withdrawing_the_open_request_sends_the_next_one(adam, maja, nils):
    first, _second = send(adam, maja, nils)

    svc.request_withdraw(request=first, by=adam.user)

    assert statuses(adam) == [("Maja Mentor", Status.WITHDRAWN), ("Nils Nord", Status.OPEN)]


def test_withdrawing_a_waiting_request_leaves_the_open_one_alone(adam, maja, nils):
    _first, second = send(adam, maja, nils)

    svc.request_withdraw(request=second, by=adam.user)

    assert statuses(adam) == [("Maja Mentor", Status.OPEN), ("Nils Nord", Status.WITHDRAWN)]


def test_a_waiting_request_to_a_mentor_who_filled_up_is_skipped(adam, bo, maja, nils, olga):
    first, _to_nils, _to_olga = send(adam, maja, nils, olga)
    match_create(programme=nils.programme, mentor=nils, mentees=[bo], origin="manual", by=None)

    svc.request_respond(request=first, accept=False, by=maja.user)

    skipped = MatchRequest.objects.get(mentee=adam, mentor=nils)
    assert skipped.status == Status.EXPIRED and skipped.sent_at is None
    assert statuses(adam)[2] == ("Olga Ost", Status.OPEN)


def test_ranks_continue_after_earlier_requests_were_answered(adam, maja, nils):
    (first,) = send(adam, maja)
    svc.request_respond(request=first, accept=False, by=maja.user)

    (second,) = send(adam, nils)

    assert second.rank == 2
    assert second.status == Status.OPEN


# --- Refusals, each with its message -------------------------------------------------------


def test_a_programme_where_coordinators_match_takes_no_requests(adam, maja, programme):
    programme.matching_mode = Programme.MatchingMode.COORDINATOR
    programme.save()

    assert "the coordinators match people" in refusal(lambda: send(adam, maja))


@pytest.mark.parametrize("status", [Programme.Status.INTAKE_OPEN, Programme.Status.CLOSING])
def test_requests_wait_for_the_matching_stage(adam, maja, programme, status):
    programme.status = status
    programme.save()

    assert "only while the programme is matching or running" in refusal(lambda: send(adam, maja))


def test_only_an_active_mentee_can_send(adam, maja, nils):
    assert "Only an active mentee" in refusal(lambda: send(maja, nils))
    assert "Only an active mentee" in refusal(
        lambda: svc.request_send(mentee=adam, mentors=[maja], by=nils.user)
    )
    adam.status = Enrolment.Status.PAUSED
    adam.save()
    assert "Only an active mentee" in refusal(lambda: send(adam, maja))


def test_a_mentee_who_already_has_a_mentor_cannot_ask_another(adam, maja, nils):
    match_create(programme=maja.programme, mentor=maja, mentees=[adam], origin="manual", by=None)

    assert "You already have a mentor" in refusal(lambda: send(adam, nils))


def test_nobody_can_ask_themselves(adam):
    assert "cannot send a request to yourself" in refusal(lambda: send(adam, adam))


def test_only_mentors_of_the_programme_can_be_asked(adam, bo, maja):
    elsewhere = person(matching_programme(), MENTOR)

    assert "not a mentor in this programme" in refusal(lambda: send(adam, bo))
    assert "not a mentor in this programme" in refusal(lambda: send(adam, elsewhere))
    maja.status = Enrolment.Status.WITHDRAWN
    maja.save()
    assert "not a mentor in this programme" in refusal(lambda: send(adam, maja))


def test_a_full_mentor_cannot_be_asked(adam, bo, maja):
    match_create(programme=maja.programme, mentor=maja, mentees=[bo], origin="manual", by=None)

    assert refusal(lambda: send(adam, maja)) == "Maja Mentor has no free place left."


def test_a_mentor_with_no_places_cannot_be_asked(adam, maja):
    maja.capacity = 0
    maja.save()

    assert refusal(lambda: send(adam, maja)) == "Maja Mentor has no free place left."


def test_the_same_mentor_cannot_be_asked_twice(adam, maja):
    (first,) = send(adam, maja)
    assert "already asked Maja Mentor" in refusal(lambda: send(adam, maja))

    svc.request_respond(request=first, accept=False, by=maja.user)
    assert "already asked Maja Mentor" in refusal(lambda: send(adam, maja))


def test_at_most_max_requests_are_pending(adam, maja, nils, olga, programme):
    options = settings_for(programme)
    options.max_requests = 2
    options.save()
    send(adam, maja, nils)

    assert "at most 2 requests pending" in refusal(lambda: send(adam, olga))
    assert MatchRequest.objects.filter(mentee=adam).count() == 2


def test_a_hard_rule_keeps_a_mentor_out_of_reach(adam, maja, programme):
    Exclusion.objects.create(programme=programme, first=adam, second=maja)

    assert "Maja Mentor cannot be your mentor" in refusal(lambda: send(adam, maja))


def test_only_the_addressed_mentor_answers(adam, maja, nils):
    (first,) = send(adam, maja)

    for who in (nils.user, adam.user):
        assert "Only the mentor this request is addressed to" in refusal(
            lambda who=who: svc.request_respond(request=first, accept=True, by=who)
        )


def test_a_request_that_is_not_open_cannot_be_answered(adam, maja, nils):
    first, waiting = send(adam, maja, nils)

    assert "no longer waiting for your answer" in refusal(
        lambda: svc.request_respond(request=waiting, accept=True, by=nils.user)
    )
    svc.request_respond(request=first, accept=False, by=maja.user)
    assert "no longer waiting for your answer" in refusal(
        lambda: svc.request_respond(request=first, accept=True, by=maja.user)
    )


def test_accepting_without_a_free_place_is_refused_and_the_request_stays_open(adam, bo, maja):
    (first,) = send(adam, maja)
    (second,) = send(bo, maja)
    svc.request_respond(request=first, accept=True, by=maja.user)

    message = refusal(lambda: svc.request_respond(request=second, accept=True, by=maja.user))

    assert "You have no free place left" in message and "Bo Berg" in message
    second.refresh_from_db()
    assert second.status == Status.OPEN
    assert not MatchMember.objects.filter(enrolment=bo).exists()


def test_capacity_zero_is_rechecked_at_acceptance(adam, maja):
    (first,) = send(adam, maja)
    maja.capacity = 0
    maja.save()

    assert "You have no free place left" in refusal(
        lambda: svc.request_respond(request=first, accept=True, by=maja.user)
    )


def test_a_mentee_matched_meanwhile_cannot_be_accepted(adam, maja, nils):
    (first,) = send(adam, maja)
    match_create(programme=nils.programme, mentor=nils, mentees=[adam], origin="manual", by=None)

    assert "Adam Adept already has a mentor" in refusal(
        lambda: svc.request_respond(request=first, accept=True, by=maja.user)
    )


def test_a_yes_after_the_deadline_is_too_late(adam, maja):
    with time_machine.travel(START, tick=False):
        (first,) = send(adam, maja)
    with time_machine.travel(START + timedelta(days=4), tick=False):
        assert "The time to answer this request has run out" in refusal(
            lambda: svc.request_respond(request=first, accept=True, by=maja.user)
        )


def test_only_the_mentee_withdraws_and_only_pending_requests(adam, maja):
    (first,) = send(adam, maja)

    assert "Only the mentee who sent a request" in refusal(
        lambda: svc.request_withdraw(request=first, by=maja.user)
    )
    svc.request_respond(request=first, accept=False, by=maja.user)
    assert "can no longer be withdrawn" in refusal(
        lambda: svc.request_withdraw(request=first, by=adam.user)
    )


# --- Expiry ------------------------------------------------------------------------------------


def test_an_unanswered_request_expires_and_the_next_choice_goes_out(
    adam, maja, nils, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        first, second = send(adam, maja, nils)
    mailoutbox.clear()

    later = START + timedelta(days=3, minutes=5)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert svc.requests_expire() == 1

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.EXPIRED
    assert second.status == Status.OPEN
    assert second.sent_at == later and second.expires_at == later + timedelta(days=3)
    to_adam = next(m for m in mailoutbox if m.to == ["adam@example.org"])
    assert "Maja Mentor did not answer your request in time" in to_adam.subject
    assert "Your next choice, Nils Nord, has now been asked" in to_adam.body
    assert any(m.to == ["nils@example.org"] for m in mailoutbox)


def test_expiry_is_done_once_and_not_before_the_deadline(adam, maja):
    with time_machine.travel(START, tick=False):
        (first,) = send(adam, maja)

    assert svc.requests_expire(now=START + timedelta(days=2)) == 0
    assert svc.requests_expire(now=START + timedelta(days=3)) == 1
    assert svc.requests_expire(now=START + timedelta(days=3)) == 0  # a second run: nothing
    first.refresh_from_db()
    assert first.status == Status.EXPIRED


def test_the_beat_task_expires_requests(adam, maja):
    from matching.tasks import expire_requests

    with time_machine.travel(START, tick=False):
        send(adam, maja)
    with time_machine.travel(START + timedelta(days=5), tick=False):
        assert expire_requests.delay().get() == 1


def test_the_expiry_job_is_scheduled_every_quarter_of_an_hour():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # A transactional test elsewhere may have flushed what the migration wrote: run it
    # again (it is idempotent) and check what it schedules.
    importlib.import_module("matching.migrations.0002_expire_requests_schedule").schedule(
        apps, None
    )

    task = PeriodicTask.objects.get(task="matching.tasks.expire_requests")
    assert (task.interval.every, task.interval.period, task.enabled) == (15, "minutes", True)


# --- E-mails in the recipient's language ---------------------------------------------------


def test_the_mentor_gets_the_request_in_their_language_and_time_zone(
    adam, maja, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    import notifications.emails

    maja.user.preferred_language = "sv"
    maja.user.time_zone = "America/New_York"
    maja.user.save()
    languages = []
    render = notifications.emails.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(notifications.emails, "render_to_string", spy)
    with (
        time_machine.travel(START, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send(adam, maja)

    (email,) = mailoutbox
    assert languages == ["sv", "sv", "sv", "sv"]  # subject, text, footer, HTML
    html, _mime = email.alternatives[0]
    assert '<html lang="sv">' in html
    # Swedish dates as a Swede writes them, and 09:00 UTC + 3 days in New York (before DST).
    assert "13 mars 2027 kl. 04:00 EST" in email.body
    assert translation.get_language() == "en"  # the sender's language is untouched


# --- Choosing a mentor ---------------------------------------------------------------------


def test_mentor_choices_are_eligible_mentors_by_score_with_reasons(
    adam, bo, maja, nils, olga, programme
):
    match_create(programme=programme, mentor=olga, mentees=[bo], origin="manual", by=None)
    excluded = person(programme, MENTOR)
    Exclusion.objects.create(programme=programme, first=excluded, second=adam)

    choices = mentor_choices(adam)

    assert [c.enrolment for c in choices] == [maja, nils]  # Olga is full; one is kept apart
    best = choices[0]
    assert best.score > choices[1].score
    assert "Shared areas: Leadership (+30)" in best.reasons
    assert best.free_places == 1
    assert best.profile.organisation == "Northwind" and best.profile.areas == ["Leadership"]


# --- Pages ---------------------------------------------------------------------------------


def test_find_a_mentor_shows_mentors_with_reasons_and_nothing_private(client, adam, bo, maja, nils):
    client.force_login(adam.user)

    response = client.get(reverse("matching:mentor_list", kwargs={"slug": "by-request"}))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Maja Mentor" in content and "Nils Nord" in content
    assert content.index("Maja Mentor") < content.index("Nils Nord")
    assert "Shared areas: Leadership (+30)" in content
    assert "Northwind" in content and "Umeå" in content
    for private in ("maja.boss@example.org", "maja@example.org", "Bo Berg", "bo@example.org"):
        assert private not in content


def test_find_a_mentor_is_404_for_people_who_are_not_its_mentees(client, adam, maja, outsider):
    url = reverse("matching:mentor_list", kwargs={"slug": "by-request"})
    for user in (outsider, maja.user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_find_a_mentor_is_404_in_a_programme_where_coordinators_match(client):
    programme = matching_programme(slug="coordinated")
    mentee = person(programme)
    client.force_login(mentee.user)

    url = reverse("matching:mentor_list", kwargs={"slug": "coordinated"})
    assert client.get(url).status_code == 404


def test_find_a_mentor_asks_anonymous_visitors_to_sign_in(client, adam):
    response = client.get(reverse("matching:mentor_list", kwargs={"slug": "by-request"}))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_find_a_mentor_queries_do_not_grow_with_the_number_of_mentors(client, adam, programme):
    url = reverse("matching:mentor_list", kwargs={"slug": "by-request"})
    client.force_login(adam.user)

    def measure() -> int:
        client.get(url)  # warm up: settings and sessions are created on first use
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    for _ in range(10):
        person(programme, MENTOR, areas=list(programme.areas.all()))
    with_ten = measure()
    for _ in range(90):
        person(programme, MENTOR)
    with_hundred = measure()

    assert with_ten == with_hundred
    assert with_hundred < 25


def _mentors_shown(content: str) -> list[str]:
    return re.findall(r'<h2 class="h5 card-title mb-1" id="mentor-\d+">([^<]+)</h2>', content)


def test_find_a_mentor_shows_ten_mentors_a_page_and_page_two_the_rest(client, adam, programme):
    for n in range(13):
        person(programme, MENTOR, user=_user(f"m{n}@example.org", f"Mentor {n:02}"))
    url = reverse("matching:mentor_list", kwargs={"slug": "by-request"})
    client.force_login(adam.user)

    first = client.get(url, {"view": "all"}).content.decode()
    second = client.get(url, {"view": "all", "page": 2}).content.decode()

    one, two = _mentors_shown(first), _mentors_shown(second)
    assert len(one) == 10 and len(two) == 3
    assert sorted(one + two) == [f"Mentor {n:02}" for n in range(13)]
    assert "Mentors 1–10 of 13" in first and "Page 1 of 2" in first
    assert 'href="?view=all&amp;page=2"' in first  # what else the address held is kept
    assert 'href="?view=all&amp;page=1"' in second
    assert '<nav aria-label="Pages"' in first and 'aria-current="page"' in first


@pytest.mark.parametrize("bad", ["abc", "99999999999999999999", "-1", "0", "2.5"])
def test_find_a_mentor_answers_a_page_that_is_no_page_with_a_page(client, adam, programme, bad):
    for n in range(11):
        person(programme, MENTOR, user=_user(f"m{n}@example.org", f"Mentor {n:02}"))
    client.force_login(adam.user)

    url = reverse("matching:mentor_list", kwargs={"slug": "by-request"})
    response = client.get(url, {"page": bad})

    assert response.status_code == 200
    assert len(_mentors_shown(response.content.decode())) in (10, 1)


def test_find_a_mentor_reads_the_mentors_once_and_explains_only_the_page(
    client, adam, programme, monkeypatch
):
    from matching import explanations

    for _ in range(25):
        person(programme, MENTOR)
    explained = []
    real = explanations.explain_pairs

    def counting(pool, weights, pairs):
        explained.extend(pairs)
        return real(pool, weights, pairs)

    monkeypatch.setattr(explanations, "explain_pairs", counting)
    client.force_login(adam.user)
    url = reverse("matching:mentor_list", kwargs={"slug": "by-request"})

    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url, {"page": 2})

    assert len(_mentors_shown(response.content.decode())) == 10
    assert len(explained) == 20

    def whole_applications(queries):  # read as rows of the model, texts and all
        return [q for q in queries if '"intake_application"."expertise"' in q["sql"]]

    # The mentors' once and the mentee's; the next page reads the mentee's alone.
    assert len(whole_applications(first)) == 2
    assert len(whole_applications(again)) == 1


def test_a_mentee_sends_a_request_from_the_page(client, adam, maja, mailoutbox):
    client.force_login(adam.user)
    url = reverse("matching:request_create", kwargs={"slug": "by-request", "mentor_pk": maja.pk})

    page = client.get(url)
    assert page.status_code == 200 and "Ask Maja Mentor to be your mentor" in page.content.decode()
    response = client.post(url, {"message": "Hello Maja!"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("matching:requests")
    assert "Your request has gone to Maja Mentor" in response.content.decode()
    sent = MatchRequest.objects.get(mentee=adam)
    assert (sent.mentor, sent.message, sent.status) == (maja, "Hello Maja!", Status.OPEN)


def test_a_refused_request_is_shown_on_the_form(client, adam, bo, maja):
    match_create(programme=maja.programme, mentor=maja, mentees=[bo], origin="manual", by=None)
    client.force_login(adam.user)
    url = reverse("matching:request_create", kwargs={"slug": "by-request", "mentor_pk": maja.pk})

    response = client.post(url, {"message": "Hello"})

    assert response.status_code == 200
    assert "Maja Mentor has no free place left." in response.content.decode()
    assert not MatchRequest.objects.exists()


@pytest.mark.parametrize("forged", ["bo", "elsewhere", "huge"])
def test_asking_someone_who_is_not_a_mentor_here_is_404(client, adam, bo, forged):
    elsewhere = person(matching_programme(), MENTOR)
    mentor_pk = {"bo": bo.pk, "elsewhere": elsewhere.pk, "huge": 10**30}[forged]
    client.force_login(adam.user)
    url = reverse("matching:request_create", kwargs={"slug": "by-request", "mentor_pk": mentor_pk})

    assert client.post(url, {"message": "Hi"}).status_code == 404
    assert not MatchRequest.objects.exists()


def test_my_requests_shows_status_rank_and_deadline_in_my_time_zone(client, adam, maja, nils):
    adam.user.time_zone = "Asia/Tokyo"
    adam.user.save()
    with time_machine.travel(START, tick=False):
        send(adam, maja, nils)
    client.force_login(adam.user)

    content = client.get(reverse("matching:requests")).content.decode()

    assert "Maja Mentor" in content and "Nils Nord" in content
    assert "Awaiting the mentor" in content and "Waiting its turn" in content
    assert "13 Mar 2027, 18:00" in content  # 09:00 UTC is 18:00 in Tokyo
    assert content.count("Withdraw") >= 2


def test_a_mentee_withdraws_from_the_page(client, adam, maja):
    (first,) = send(adam, maja)
    client.force_login(adam.user)

    response = client.post(reverse("matching:request_withdraw", kwargs={"pk": first.pk}))

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN


def test_a_mentor_accepts_from_requests_to_me(
    client, adam, maja, mailoutbox, django_capture_on_commit_callbacks
):
    (first,) = send(adam, maja, message="Could you help me with feedback?")
    client.force_login(maja.user)

    listing = client.get(reverse("matching:requests_received")).content.decode()
    assert "Request from Adam Adept" in listing and "Could you help me with feedback?" in listing
    url = reverse("matching:request_respond", kwargs={"pk": first.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accept", "note": "Gladly."}, follow=True)

    assert "You are now Adam Adept" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED and first.response_note == "Gladly."
    assert {tuple(m.to) for m in mailoutbox} >= {("adam@example.org",), ("maja@example.org",)}


def test_a_mentor_without_a_place_sees_why_acceptance_is_refused(client, adam, bo, maja):
    (first,) = send(adam, maja)
    (second,) = send(bo, maja)
    svc.request_respond(request=first, accept=True, by=maja.user)
    client.force_login(maja.user)

    listing = client.get(reverse("matching:requests_received")).content.decode()
    assert "You have no free place left" in listing
    url = reverse("matching:request_respond", kwargs={"pk": second.pk})
    response = client.post(url, {"decision": "accept"}, follow=True)

    assert "You have no free place left, so you cannot accept the request from Bo Berg" in (
        response.content.decode()
    )
    second.refresh_from_db()
    assert second.status == Status.OPEN


def test_a_mentor_declines_with_a_note_from_the_detail_page(client, adam, maja):
    (first,) = send(adam, maja)
    client.force_login(maja.user)

    detail = client.get(reverse("matching:request_detail", kwargs={"pk": first.pk}))
    assert detail.status_code == 200 and "About the mentee" in detail.content.decode()
    url = reverse("matching:request_respond", kwargs={"pk": first.pk})
    client.post(url, {"decision": "decline", "note": "Not this term."})

    first.refresh_from_db()
    assert first.status == Status.DECLINED and first.response_note == "Not this term."


def test_other_peoples_requests_are_404(client, adam, bo, maja, nils, outsider):
    to_maja, waiting_for_nils = send(adam, maja, nils)
    (bos,) = send(bo, olga := person(maja.programme, MENTOR))

    cases = [
        (outsider, to_maja),
        (bo.user, to_maja),  # another mentee
        (nils.user, to_maja),  # another mentor
        (nils.user, waiting_for_nils),  # not sent to Nils yet
        (adam.user, bos),
        (maja.user, bos),
    ]
    for user, match_request in cases:
        client.force_login(user)
        pk = {"pk": match_request.pk}
        assert client.get(reverse("matching:request_detail", kwargs=pk)).status_code == 404
        respond = reverse("matching:request_respond", kwargs=pk)
        assert client.post(respond, {"decision": "accept"}).status_code == 404
        assert client.post(reverse("matching:request_withdraw", kwargs=pk)).status_code == 404
    assert client.get(reverse("matching:request_detail", kwargs={"pk": 10**30})).status_code == 404
    assert MatchRequest.objects.get(pk=bos.pk).mentor == olga
    assert not Match.objects.exists()


def test_a_mentee_cannot_answer_their_own_request(client, adam, maja):
    (first,) = send(adam, maja)
    client.force_login(adam.user)

    url = reverse("matching:request_respond", kwargs={"pk": first.pk})
    response = client.post(url, {"decision": "accept"}, follow=True)

    assert "Only the mentor this request is addressed to" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.OPEN


def test_the_pages_render_in_swedish(client, adam, maja):
    send(adam, maja)
    adam.user.preferred_language = "sv"
    adam.user.save()
    client.force_login(adam.user)

    pages = [reverse("matching:mentor_list", kwargs={"slug": "by-request"})]
    pages.append(reverse("matching:requests"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="sv">' in response.content.decode()


def test_a_mentor_the_list_hides_cannot_be_looked_up_by_id(client, adam, maja):
    from matching.models import Exclusion

    Exclusion.objects.create(programme=maja.programme, first=maja, second=adam)
    client.force_login(adam.user)
    url = reverse("matching:request_create", kwargs={"slug": "by-request", "mentor_pk": maja.pk})

    response = client.get(url)

    assert response.status_code == 404
    assert "Maja" not in response.content.decode()


# --- Guards that would be easy to lose ---------------------------------------------------------


def test_two_expiry_runs_that_listed_the_same_request_expire_it_once(
    adam, maja, nils, olga, mailoutbox, django_capture_on_commit_callbacks
):
    """Both runs read the due list before either wrote (two workers, or beat overlapping
    itself): the conditional UPDATE lets only one of them claim the request."""
    with time_machine.travel(START, tick=False):
        first, _second, _third = send(adam, maja, nils, olga)
    mailoutbox.clear()
    later = START + timedelta(days=3, minutes=5)

    with django_capture_on_commit_callbacks(execute=True):
        claimed = [svc._expire_one(first.pk, adam.pk, later) for _run in range(2)]

    assert claimed == [True, False]
    assert statuses(adam) == [
        ("Maja Mentor", Status.EXPIRED),
        ("Nils Nord", Status.OPEN),
        ("Olga Ost", Status.WAITING),
    ]
    assert len([m for m in mailoutbox if m.to == ["adam@example.org"]]) == 1


def test_what_a_mentor_wished_never_shows_in_a_mentees_choice(adam, maja, nils):
    """Mentors' wishes are for the coordinators' eyes: they neither raise a mentor's score
    on the mentee's list nor give a reason there."""
    from matching.models import Preference

    before = {c.enrolment.pk: (c.score, c.reasons) for c in mentor_choices(adam)}
    Preference.objects.create(chooser=maja, chosen=adam, rank=1)
    settings = settings_for(adam.programme)
    settings.weight_preferences = 100
    settings.save()
    before_weight = {c.enrolment.pk: (c.score, c.reasons) for c in mentor_choices(adam)}
    Preference.objects.all().delete()
    without = {c.enrolment.pk: (c.score, c.reasons) for c in mentor_choices(adam)}

    assert before_weight == without
    assert set(before) == set(without) == {maja.pk, nils.pk}


def test_a_mentor_reads_what_the_mentee_wants_to_develop_and_their_goals(client, programme, maja):
    ines = person(
        programme,
        user=_user("ines@example.org", "Ines Ivarsson"),
        expertise="Giving <b>feedback</b> to my team",
        goals="Lead my first project by spring",
    )
    (first,) = send(ines, maja)
    client.force_login(maja.user)

    page = client.get(reverse("matching:request_detail", kwargs={"pk": first.pk})).content.decode()

    assert "Wants to develop" in page and "Competences" not in page
    assert "Giving &lt;b&gt;feedback&lt;/b&gt; to my team" in page
    assert "Goals and expectations" in page and "Lead my first project by spring" in page


def test_the_requests_to_me_link_is_shown_to_mentors_only(client, adam, maja):
    client.force_login(adam.user)
    mine = client.get(reverse("matching:requests")).content.decode()
    assert reverse("matching:requests_received") not in mine

    client.force_login(maja.user)
    theirs = client.get(reverse("matching:requests")).content.decode()
    assert reverse("matching:requests_received") in theirs


def test_find_a_mentors_pager_speaks_swedish(client, adam, programme):
    for n in range(12):
        person(programme, MENTOR, user=_user(f"m{n}@example.org", f"Mentor {n:02}"))
    adam.user.preferred_language = "sv"
    adam.user.save()
    client.force_login(adam.user)

    url = reverse("matching:mentor_list", kwargs={"slug": "by-request"})
    page = client.get(url, {"page": 2}).content.decode()

    assert "Mentor 11–12 av 12" in page and "Sida 2 av 2" in page
    assert '<nav aria-label="Sidor"' in page and ">Föregående</a>" in page
