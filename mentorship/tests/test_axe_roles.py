"""axe-core in the real Chromium on every admin page a coordinator reaches, the stock ones
included, and on the main pages of every participant role: no serious or critical
WCAG 2.1 A/AA violation. One browser; one sign-in per role (the mentee's moved pages are
in test_axe.py)."""

import pytest

from accounts.tests.browser import serious, sign_in
from accounts.tests.factories import UserFactory
from events.tests.factories import EventFactory, RSVPFactory
from intake.tests.factories import ApplicationFactory, InterviewFactory, person
from matching.tests.factories import (
    ExclusionFactory,
    MatchingSettingsFactory,
    MatchRequestFactory,
)
from notifications.models import Delivery
from notifications.tests.factories import DeliveryFactory
from programs.models import Enrolment
from programs.services import coordinator_grant
from programs.tests.factories import AreaFactory, ProgrammeFactory
from relationships.tests.factories import MatchFactory
from resources.tests.factories import ResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def problems_on(page, base: str, paths: list[str]) -> dict[str, list[str]]:
    problems = {}
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        found = serious(page)
        if found:
            problems[path] = found
    return problems


@pytest.fixture
def world(db):
    programme = ProgrammeFactory(
        name="Mentors for new managers", name_sv="Mentorer för nya chefer", status="matching"
    )
    AreaFactory(programme=programme, name="Leadership", name_sv="Ledarskap")
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    mentor = person(programme, Enrolment.Role.MENTOR, "Maja Mentor", capacity=2)
    mentee = person(programme, Enrolment.Role.MENTEE, "Adam Adept")
    match = MatchFactory(programme=programme, members__mentor=mentor, members__mentees=[mentee])
    free_mentee = person(programme, Enrolment.Role.MENTEE, "Mia Mentee")
    applicant = UserFactory(email="alva@example.org", display_name="Alva Applicant")
    application = ApplicationFactory(
        programme=programme, user=applicant, status="submitted", organisation="Acme"
    )
    InterviewFactory(application=application, interviewer=coordinator)
    event = EventFactory(programme=programme, title="Kick-off evening")
    RSVPFactory(event=event, user=mentee.user, status="going", seat=1)
    resource = ResourceFactory(programme=programme, title="Agenda template")
    MatchingSettingsFactory(programme=programme)
    ExclusionFactory(programme=programme, first=free_mentee, second=mentor)
    DeliveryFactory(
        programme=programme, recipient=mentee.user, status=Delivery.Status.FAILED, attempts=8
    )
    peer_programme = ProgrammeFactory(
        name="Peer circle", kind="peer", matching_mode="peer_pool", status="intake_open"
    )
    peer = person(peer_programme, Enrolment.Role.PEER, "Petra Peer")
    person(peer_programme, Enrolment.Role.PEER, "Pål Peer")
    requests = ProgrammeFactory(
        name="Find your mentor", matching_mode="mentee_requests", status="matching"
    )
    asker = person(requests, Enrolment.Role.MENTEE, user=mentee.user)
    asked = person(requests, Enrolment.Role.MENTOR, user=mentor.user, capacity=2)
    request = MatchRequestFactory(programme=requests, mentee=asker, mentor=asked)
    from datetime import timedelta

    from django.utils import timezone

    from meetings import services as meetings
    from relationships.models import MatchMember

    programme.starts_on = timezone.localdate() - timedelta(days=30)
    programme.ends_on = timezone.localdate() + timedelta(days=300)
    programme.save()
    adam = MatchMember.objects.select_related("match__programme").get(enrolment=mentee)
    soon = timezone.now() + timedelta(days=7)
    meeting = meetings.meeting_propose(member=adam, starts_at=soon, minutes=60, format="video")
    series = meetings.series_create(
        member=adam,
        repeat=meetings.Repeat(soon + timedelta(days=1), "weekly", programme.ends_on),
        minutes=60,
        format="in_person",
        place="Café Blom",
    )
    return {
        "meeting": meeting,
        "series": series,
        "programme": programme,
        "coordinator": coordinator,
        "mentor": mentor.user,
        "mentee": mentee.user,
        "match": match,
        "applicant": applicant,
        "application": application,
        "event": event,
        "resource": resource,
        "peer": peer.user,
        "peer_programme": peer_programme,
        "requests": requests,
        "request": request,
        "enrolment": free_mentee,
    }


def test_every_admin_page_a_coordinator_reaches_passes_axe(live_server, page, world):
    base = live_server.url
    sign_in(page, base, world["coordinator"].email)
    programme, a = world["programme"].pk, "/admin"
    pages = [
        f"{a}/",
        f"{a}/programs/",
        f"{a}/programs/programme/",
        f"{a}/programs/programme/add/",
        f"{a}/programs/programme/{programme}/change/",
        f"{a}/programs/programme/{programme}/import/",
        f"{a}/programs/programme/{programme}/history/",
        f"{a}/programs/enrolment/",
        f"{a}/programs/enrolment/add/",
        f"{a}/programs/enrolment/{world['enrolment'].pk}/change/",
        f"{a}/intake/application/",
        f"{a}/intake/application/{world['application'].pk}/change/",
        f"{a}/events/event/",
        f"{a}/events/event/add/",
        f"{a}/events/event/{world['event'].pk}/change/",
        f"{a}/events/rsvp/",
        f"{a}/resources/resource/",
        f"{a}/resources/resource/add/",
        f"{a}/resources/resource/{world['resource'].pk}/change/",
        f"{a}/relationships/match/",
        f"{a}/relationships/match/{world['match'].pk}/change/",
        f"{a}/relationships/match/{world['match'].pk}/fit-check-comments/",
        f"{a}/matching/matchingsettings/",
        f"{a}/matching/exclusion/",
        f"{a}/matching/exclusion/add/",
        f"{a}/matching/matchingrun/",
        f"{a}/matching/matchingrun/programme/{programme}/",  # the round's review page
        f"{a}/matching/preference/",
        f"{a}/matching/preference/add/",
        f"{a}/matching/matchrequest/",
        f"{a}/notifications/delivery/?status__exact=failed",
        f"{a}/password_change/",
    ]
    problems = problems_on(page, base, pages)

    # A failed submit: the programme form without its name.
    page.goto(f"{base}{a}/programs/programme/add/")
    page.locator("#id_name_en").fill("")
    page.locator("input[name=_save]").click()
    page.wait_for_selector("#error-summary")
    found = serious(page)
    if found:
        problems["failed submit"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_main_pages_of_every_participant_role_pass_axe(live_server, page, world):
    base = live_server.url
    programme, requests = world["programme"].slug, world["requests"].slug
    event, match = world["event"].pk, world["match"].pk
    workspace = [
        f"/relationships/{match}/{page}"
        for page in (
            "",
            "agreement/",
            "agreement/terms/",
            "agreement/print/",
            "first-meeting/",
            "fit-check/",
            "messages/",
            "contact/",
            "meetings/",
            "meetings/new/",
            "meetings/log/",
            "meetings/series/new/",
            f"meetings/{world['meeting'].pk}/",
            f"meetings/{world['meeting'].pk}/change/",
            f"meetings/series/{world['series'].pk}/change/",
        )
    ]
    roles = {
        None: [  # a visitor
            "/",
            f"/programmes/{world['peer_programme'].slug}/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
        ],
        "mentee": [
            "/my-programmes/",
            f"/programmes/{requests}/mentors/",
            "/my-requests/",
            f"/requests/{world['request'].pk}/",
            f"/programmes/{programme}/wishes/",
            f"/events/{event}/",
            *workspace,
        ],
        "mentor": ["/my-programmes/", "/requests-to-me/", "/events/", "/resources/", "/profile/"],
        "peer": ["/my-programmes/", f"/programmes/{world['peer_programme'].slug}/", "/events/"],
        "applicant": [  # last: the failed form below is theirs
            "/my-programmes/",
            f"/applications/{world['application'].pk}/",
            f"/programmes/{world['peer_programme'].slug}/apply/peer/",
            "/profile/",
        ],
    }
    problems = {}
    for role, paths in roles.items():
        page.context.clear_cookies()
        if role:
            sign_in(page, base, world[role].email)
        problems.update(
            {f"{role}: {path}": found for path, found in problems_on(page, base, paths).items()}
        )

    # A workspace form that failed: an empty message.
    page.context.clear_cookies()
    sign_in(page, base, world["mentee"].email)
    page.goto(f"{base}/relationships/{match}/messages/")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector(".invalid-feedback")
    if found := serious(page):
        problems["mentee: message with errors"] = found
    page.context.clear_cookies()
    sign_in(page, base, world["applicant"].email)

    # A form that failed: the application submitted empty, with its error messages.
    page.goto(f"{base}/programmes/{world['peer_programme'].slug}/apply/peer/")
    page.locator("button[value=submit]").click()
    page.wait_for_selector(".invalid-feedback")
    if found := serious(page):
        problems["applicant: application with errors"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
