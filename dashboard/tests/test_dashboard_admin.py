"""The coordinators' dashboard in the admin: who may open it, what its inbox says, the
bulk nudge, the exports, and a fixed number of queries for 10 and for 2,000 relationships."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.exports import safe
from evaluations.health import State
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from notifications.models import Delivery
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match

from . import bulk
from .conftest import ROLES, as_, noon


def programme_url(programme) -> str:
    return reverse("admin:dashboard_programme", args=[programme.pk])


@pytest.fixture
def quiet_pair(pair):
    """Maja and Adam last met five weeks ago and have nothing planned."""
    match, _mentor, _mentee = pair
    Match.objects.filter(pk=match.pk).update(
        started_at=noon(90),
        agreement_signed_at=noon(88),
        status=Match.Status.ACTIVE,
    )
    MeetingFactory(match=match, starts_at=noon(36), status=Meeting.Status.HELD)
    return match


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programmes_coordinator_sees_its_dashboard(
    client, users, role, quiet_pair, running
):
    response = as_(client, users[role]).get(programme_url(running))
    if role == "coordinator":
        assert response.status_code == 200
        body = response.content.decode()
        assert "Adam Adept · Maja Mentor" in body or "Maja Mentor · Adam Adept" in body
        assert "No meeting in 36 days" in body
        return
    if role == "other_coordinator":
        assert response.status_code == 404
    else:  # participants and the anonymous are sent to sign in, and see nothing
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert b"Adam Adept" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_the_roll_up_holds_only_ones_own_programmes(client, users, role, quiet_pair, running):
    response = as_(client, users[role]).get(reverse("admin:dashboard"))
    body = response.content.decode()
    if role in ("coordinator", "other_coordinator"):
        assert response.status_code == 200
        assert (running.name in body) is (role == "coordinator")
        assert ("No meeting in 36 days" in body) is (role == "coordinator")
    else:
        assert response.status_code == 302
        assert "Adam Adept" not in body


@pytest.mark.parametrize("bad", ["0", "99999999999999999999", "²", "x", "%00"])
def test_an_odd_or_missing_programme_id_is_not_found(client, users, bad):
    client.force_login(users["coordinator"])
    url = reverse("admin:dashboard_programme", args=["ID"]).replace("ID", bad)
    assert client.get(url).status_code == 404


def test_the_inbox_says_why_and_offers_what_to_do(client, users, quiet_pair, running):
    client.force_login(users["coordinator"])
    body = client.get(programme_url(running)).content.decode()
    assert "At risk" in body
    assert reverse("admin:relationships_match_change", args=[quiet_pair.pk]) in body
    assert reverse("admin:relationships_match_end_early", args=[quiet_pair.pk]) in body
    assert f"?match={quiet_pair.pk}" in body  # log a follow-up for it
    # Bo and Nils began today: too early to tell, not in the inbox.
    assert "Bo Berg" not in body.split('id="inbox-health"')[1].split('id="inbox-follow_ups"')[0]


def test_a_bulk_nudge_emails_every_member_once_a_day(
    client, users, quiet_pair, running, elsewhere, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users["coordinator"])
    foreign = bulk.relationships(ProgrammeFactory(), 1, now=timezone.now())[0]
    url = programme_url(running) + "nudge/"
    said = []
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"match": [quiet_pair.pk, foreign.pk, "²"]}, follow=True)
        assert response.status_code == 200
        said.append([str(m) for m in response.context["messages"]])
    assert said == [
        ["The members of 1 relationship get a nudge from you by e-mail."],
        ["1 relationship was nudged today already: nothing more is sent."],
    ]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        m.enrolment.user.email for m in quiet_pair.members.all()
    )
    assert "How is your mentoring going?" in mailoutbox[0].subject
    assert "Cora Coordinator" in mailoutbox[0].body
    assert (
        Delivery.objects.filter(kind="coordinator-nudge", about__endswith=f":{foreign.pk}").count()
        == 0
    )


def test_a_nudge_is_posted_by_a_coordinator_of_the_programme_only(
    client, users, quiet_pair, running, mailoutbox
):
    client.force_login(users["other_coordinator"])
    response = client.post(programme_url(running) + "nudge/", {"match": [quiet_pair.pk]})
    assert response.status_code == 404
    client.force_login(users["coordinator"])
    assert client.get(programme_url(running) + "nudge/").status_code == 405
    assert mailoutbox == []


def test_the_relationships_export_as_csv_and_xlsx(client, users, quiet_pair, running):
    client.force_login(users["coordinator"])
    base = reverse("admin:dashboard_programme_export", args=[running.pk, "relationships", "csv"])
    response = client.get(base)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["relationship", "programme", "members", "status"]
    quiet = next(row for row in rows if row[0] == str(quiet_pair.pk))
    assert quiet[7] == "1"  # meetings held
    assert quiet[12] == "At risk" and quiet[13] == "No meeting in 36 days"
    assert len(rows) == 3  # the header, this pair and Bo and Nils

    response = client.get(base.replace(".csv", ".xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "relationship" and len(values) == 3


def test_no_export_for_another_coordinator_or_an_unknown_dataset(client, users, running):
    client.force_login(users["other_coordinator"])
    url = reverse("admin:dashboard_programme_export", args=[running.pk, "relationships", "csv"])
    assert client.get(url).status_code == 404
    client.force_login(users["coordinator"])
    assert client.get(url.replace("relationships", "notes")).status_code == 404
    assert client.get(url.replace(".csv", ".pdf")).status_code == 404


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Anna", "Anna"),
        (-5, -5),
    ],
)
def test_formulas_are_written_as_text(value, written):
    assert safe(value) == written


def test_a_name_that_looks_like_a_formula_stays_text_in_the_export(client, users, pair, running):
    _match, mentor, _mentee = pair
    mentor.enrolment.user.display_name = "=cmd|' /C calc'!A0"
    mentor.enrolment.user.save()
    client.force_login(users["coordinator"])
    url = reverse("admin:dashboard_programme_export", args=[running.pk, "relationships", "xlsx"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    cells = [c for row in sheet.values for c in row if isinstance(c, str) and "calc" in c]
    assert cells and all(not c.startswith("=") for c in cells)


def test_every_export_opens(client, users, quiet_pair, running):
    client.force_login(users["coordinator"])
    for name in ("relationships", "meetings", "surveys", "outcomes"):
        for fmt in ("csv", "xlsx"):
            url = reverse("admin:dashboard_programme_export", args=[running.pk, name, fmt])
            response = client.get(url)
            assert response.status_code == 200, (name, fmt)
            assert f"-{name}-" in response["Content-Disposition"]
    url = reverse("admin:dashboard_programme_export", args=[running.pk, "meetings", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[1][0] == str(quiet_pair.pk) and rows[1][rows[0].index("held")] == "1"
    assert rows[1][1] == running.name and "Adam Adept" in rows[1][2]


def test_the_funnel_and_outcomes(client, users, quiet_pair, running):
    client.force_login(users["coordinator"])
    response = client.get(programme_url(running))
    board = response.context["board"]
    steps = {step.label: step.count for step in board.funnel}
    # The four were enrolled through their applications (intake's ``person``).
    assert steps["Applied or enrolled directly"] == 4
    assert steps["Accepted"] == 4 and steps["Matched"] == 4
    assert steps["Agreement signed"] == 2 and steps["Active"] == 2 and steps["Completed"] == 0
    assert dict((s, n) for s, _label, n in board.states)[State.AT_RISK] == 1
    assert board.outcomes.relationships == 2 and board.outcomes.average_held == 0.5


def queries_for(client, django_assert_max_num_queries, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_same_number_of_queries_for_10_and_for_2000_relationships(
    client, db, django_assert_max_num_queries, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0  # worked out every time
    now = timezone.now()
    small, large = ProgrammeFactory(name="Small"), ProgrammeFactory(name="Large")
    bulk.relationships(small, 10, now=now)
    bulk.relationships(large, 2000, now=now)
    from accounts.tests.factories import UserFactory

    coordinator = UserFactory(is_staff=True)
    coordinator_grant(user=coordinator, programme=small)
    coordinator_grant(user=coordinator, programme=large)
    client.force_login(coordinator)
    client.get(programme_url(small))  # warm: the session, content types
    counts = [
        queries_for(client, django_assert_max_num_queries, programme_url(p)) for p in (small, large)
    ]
    assert counts[0] == counts[1]
    board = client.get(programme_url(large)).context["board"]
    assert board.relationship_count == 2000


def test_people_still_unmatched_by_programme_and_role(client, users, running):
    from intake.tests.factories import person
    from programs.models import Enrolment

    for n in range(7):
        person(running, Enrolment.Role.MENTEE, f"Waiting Mentee {n}")
    person(running, Enrolment.Role.MENTOR, "Free Mentor")
    client.force_login(users["coordinator"])
    section = next(
        s for s in client.get(programme_url(running)).context["board"].inbox if s.key == "unmatched"
    )
    assert section.total == 8
    by_reason = {row.reasons[0]: row.names for row in section.rows}
    assert by_reason["Mentor: 1"] == "Free Mentor"
    assert by_reason["Mentee: 7"] == (
        "Waiting Mentee 0, Waiting Mentee 1, Waiting Mentee 2, Waiting Mentee 3, "
        "Waiting Mentee 4 and 2 more"
    )
    assert section.rows[0].actions == [
        ("Match", reverse("admin:matching_programme", args=[running.pk]))
    ]


def test_the_dashboard_is_kept_a_minute_and_refreshed_on_demand(
    client, users, quiet_pair, running, settings, django_capture_on_commit_callbacks
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    client.force_login(users["coordinator"])
    url = programme_url(running)
    first = client.get(url)
    assert "No meeting in 36 days" in first.content.decode()
    MeetingFactory(match=quiet_pair, starts_at=timezone.now() - timedelta(days=1), status="held")
    kept = client.get(url)
    assert "board" not in kept.context  # not worked out again
    assert "No meeting in 36 days" in kept.content.decode()
    assert "Figures as of" in kept.content.decode()
    fresh = client.get(url + "?refresh=1").content.decode()
    assert "No meeting in 36 days" not in fresh
    # Each coordinator's own form token, outside what is kept.
    assert 'name="csrfmiddlewaretoken"' in kept.content.decode()
    # Another language is another page.
    users["coordinator"].preferred_language = "sv"
    users["coordinator"].save()
    assert "board" in client.get(url).context


def test_a_nudge_drops_the_kept_dashboard(client, users, quiet_pair, running, settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    client.force_login(users["coordinator"])
    url = programme_url(running)
    client.get(url)
    client.post(url + "nudge/", {"match": [quiet_pair.pk]})
    assert "board" in client.get(url).context


def test_a_person_in_two_relationships_counts_once_at_each_step(pair, running):
    from dashboard.overview import funnel
    from relationships.models import MatchMember

    _match, mentor, mentee = pair
    earlier = Match.objects.create(
        programme=running,
        status=Match.Status.COMPLETED,
        origin=Match.Origin.MANUAL,
        agreement_signed_at=timezone.now(),
        ended_at=timezone.now(),
    )
    for member in (mentor, mentee):
        MatchMember.objects.create(
            match=earlier,
            enrolment=member.enrolment,
            role=member.role,
            mentor=member.mentor,
            place=member.place,
            current=False,
        )
    steps = {step.label: step.count for step in funnel([running.pk])}
    assert (steps["Accepted"], steps["Matched"], steps["Agreement signed"]) == (2, 2, 2)
    assert steps["Completed"] == 2


@pytest.mark.parametrize(("days_ago", "listed"), [(66, True), (60, False)])
def test_a_report_is_listed_with_a_week_or_less_left_to_write_it(pair, running, days_ago, listed):
    from dashboard.overview import _reports_section

    match = pair[0]
    today = timezone.localdate()
    running.starts_on = today - timedelta(days=days_ago)
    running.ends_on = today + timedelta(days=200)
    running.report_every_weeks = 2
    running.save()
    Match.objects.filter(pk=match.pk).update(started_at=noon(days_ago), status=Match.Status.ACTIVE)
    match.members.update(joined_at=noon(days_ago))
    section = _reports_section([running.pk], {running.pk: running}, today)
    assert bool(section.rows) is listed
    if listed:
        (row,) = section.rows
        # Period 4 opened on day 56 and is open two weeks: its last day is day 69.
        assert row.due_on == running.starts_on + timedelta(days=69)
        assert "Report 4 not yet written by" in row.reasons[0]
        assert "Adam Adept" in row.reasons[0] and "Maja Mentor" in row.reasons[0]


def test_people_enrolled_directly_count_among_those_who_came_in(running):
    from dashboard.overview import funnel
    from intake.tests.factories import person
    from programs.models import Enrolment

    person(running, Enrolment.Role.MENTEE, "Applied Anna")
    person(running, Enrolment.Role.MENTEE, "Imported Ida", applied=False)
    steps = [(step.label, step.count, step.share) for step in funnel([running.pk])]
    assert steps[:2] == [("Applied or enrolled directly", 2, 1.0), ("Accepted", 2, 1.0)]
