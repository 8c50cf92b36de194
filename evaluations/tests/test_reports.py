"""Participants' reports to the coordinator: the periods, one report per member and period
while it is open, the page for every role, and the coordinators' admin with its log of
openings."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluations import review_services as services
from evaluations.models import ParticipantReport, ReportRead
from evaluations.review_periods import current_period, next_period, periods_due, report_period
from meetings.models import Meeting
from relationships.models import Match

from .conftest import ROLES, as_, meeting, started

SECRET = "My mentor keeps cancelling; please call me."


@pytest.fixture
def reporting(running):
    """Reports every two weeks; the programme began 20 days ago, so period 1 (due 6 days
    ago) is open for another week."""
    today = timezone.localdate()
    running.starts_on, running.ends_on = today - timedelta(days=20), today + timedelta(days=160)
    running.report_every_weeks = 2
    running.save()
    return running


@pytest.fixture(autouse=True)
def begun(reporting, pair, elsewhere):
    """Both relationships began before the programme: periods count from its start."""
    Match.objects.update(started_at=timezone.now() - timedelta(days=40))
    for match in (pair[0], pair[1].match, pair[2].match, elsewhere):
        match.refresh_from_db()


def url(match) -> str:
    return reverse("reviews:report", kwargs={"pk": match.pk})


def report(member, period=1, **fields):
    return services.participant_report_write(
        member=member,
        period=period,
        how_going=fields.get("how_going", 4),
        meetings_since=fields.get("meetings_since", 2),
        to_coordinator=fields.get("to_coordinator", ""),
    )


# --- Periods ---------------------------------------------------------------------------------

START, END = date(2027, 1, 4), date(2027, 6, 30)


def test_periods_count_from_the_later_of_the_two_starts():
    assert report_period(2, START, END, date(2026, 12, 1), 1).due_on == date(2027, 1, 18)
    late = report_period(2, START, END, date(2027, 2, 1), 1)
    assert late.due_on == date(2027, 2, 15)
    assert late.closes_on == date(2027, 2, 28)


def test_a_period_is_open_from_its_due_day_until_the_next_is_due():
    assert current_period(2, START, END, START, date(2027, 1, 17)) is None
    assert current_period(2, START, END, START, date(2027, 1, 18)).number == 1
    assert current_period(2, START, END, START, date(2027, 1, 31)).number == 1
    assert current_period(2, START, END, START, date(2027, 2, 1)).number == 2
    assert next_period(2, START, END, START, date(2027, 1, 18)).due_on == date(2027, 2, 1)


def test_no_period_after_the_programme_or_without_a_cadence():
    assert report_period(2, START, END, START, 100) is None
    assert current_period(None, START, END, START, date(2027, 2, 1)) is None
    assert periods_due(2, START, END, START, date(2027, 2, 1)) == 2
    assert periods_due(2, START, END, START, date(2030, 1, 1)) == 12  # up to the end only


# --- The database's rules --------------------------------------------------------------------


def test_one_report_per_member_and_period(reporting, pair):
    match, _mentor, mentee = pair
    ParticipantReport.objects.create(
        match=match, member=mentee, period=1, how_going=3, meetings_since=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantReport.objects.create(
            match=match, member=mentee, period=1, how_going=4, meetings_since=1
        )


@pytest.mark.parametrize(
    "fields", [{"how_going": 0}, {"how_going": 6}, {"meetings_since": 101}, {"period": 0}]
)
def test_the_database_refuses_values_out_of_range(reporting, pair, fields):
    match, _mentor, mentee = pair
    values = {"period": 1, "how_going": 3, "meetings_since": 1, **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantReport.objects.create(match=match, member=mentee, **values)


# --- The service -----------------------------------------------------------------------------


def test_a_member_reports_for_the_open_period(reporting, pair):
    _match, _mentor, mentee = pair
    written = report(mentee, how_going=2, to_coordinator="  A word\x00  ")
    assert (written.period, written.how_going, written.to_coordinator) == (1, 2, "A word")


def test_a_second_report_for_the_period_is_refused(reporting, pair):
    _match, _mentor, mentee = pair
    report(mentee)
    with pytest.raises(ValidationError, match="written your report for this period"):
        report(mentee, how_going=1)
    assert ParticipantReport.objects.get().how_going == 4


def test_a_period_not_yet_open_is_refused(reporting, pair):
    _match, _mentor, mentee = pair
    with pytest.raises(ValidationError, match="not open yet"):
        report(mentee, period=2)


def test_a_closed_period_is_refused(reporting, pair):
    _match, _mentor, mentee = pair
    with time_machine.travel(timezone.now() + timedelta(days=14)):
        with pytest.raises(ValidationError, match="has closed"):
            report(mentee, period=1)
        assert report(mentee, period=2).period == 2


def test_before_the_first_period_nothing_is_open(reporting, pair):
    reporting.starts_on = timezone.localdate() - timedelta(days=3)
    reporting.save()
    _match, _mentor, mentee = pair
    mentee.match.programme.refresh_from_db()
    with pytest.raises(ValidationError, match="not open yet"):
        report(mentee, period=1)


def test_a_programme_without_reports_takes_none(reporting, pair):
    reporting.report_every_weeks = None
    reporting.save()
    _match, _mentor, mentee = pair
    mentee.match.programme.refresh_from_db()
    with pytest.raises(ValidationError, match="does not ask"):
        report(mentee)


@pytest.mark.parametrize("fields", [{"how_going": 0}, {"how_going": 6}, {"meetings_since": -1}])
def test_the_service_refuses_values_out_of_range(reporting, pair, fields):
    _match, _mentor, mentee = pair
    with pytest.raises(ValidationError):
        report(mentee, **fields)
    assert not ParticipantReport.objects.exists()


def test_meetings_since_counts_the_held_meetings_since_the_last_report(reporting, pair):
    match, _mentor, mentee = pair
    now = timezone.now()
    started(match, now - timedelta(days=40))
    mentee.refresh_from_db()
    meeting(match, now - timedelta(days=30))
    meeting(match, now - timedelta(days=10))
    meeting(match, now - timedelta(days=9), status=Meeting.Status.CANCELLED)
    assert services.meetings_since_last_report(mentee) == 2
    ParticipantReport.objects.create(
        match=match,
        member=mentee,
        period=1,
        how_going=3,
        meetings_since=1,
        written_at=now - timedelta(days=20),
    )
    assert services.meetings_since_last_report(mentee) == 1


# --- The page, for every role ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_report_page_for_every_role(reporting, pair, users, client, role):
    match, mentor, _mentee = pair
    report(mentor, to_coordinator=SECRET)
    response = as_(client, users[role]).get(url(match))
    if role == "anon":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        return
    text = response.content.decode()
    if role == "other_member":  # Maja wrote it: she reads her own
        assert response.status_code == 200
        assert "cancelling" in text
        assert "You have sent this period" in text
        return
    if role == "member":  # Adam is asked for his; he never reads Maja's
        assert response.status_code == 200
        assert "cancelling" not in text
        assert "This report goes to the coordinator." in text
        assert "The others in your relationship do not see it." in text
        assert 'name="how_going"' in text
        return
    assert response.status_code == 404  # elsewhere, and coordinators: not a member's page
    assert "cancelling" not in text


def test_the_form_is_prefilled_with_the_meetings_held(reporting, pair, client):
    match, _mentor, mentee = pair
    started(match, timezone.now() - timedelta(days=40))
    meeting(match, timezone.now() - timedelta(days=3))
    client.force_login(mentee.enrolment.user)
    form = client.get(url(match)).context["form"]
    assert form.initial == {"period": 1, "meetings_since": 1}


def test_a_member_sends_a_report(reporting, pair, client):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    response = client.post(
        url(match),
        {"period": "1", "how_going": "2", "meetings_since": "3", "to_coordinator": SECRET},
        follow=True,
    )
    assert "Your report is sent to the coordinator" in response.content.decode()
    saved = ParticipantReport.objects.get()
    assert (saved.member, saved.how_going, saved.meetings_since) == (mentee, 2, 3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": "1", "how_going": "7", "meetings_since": "1"}, "from 1 to 5"),
        ({"period": "1", "how_going": "²", "meetings_since": "1"}, "from 1 to 5"),
        ({"period": "1", "how_going": "3", "meetings_since": "101"}, "less than or equal"),
        ({"period": "1", "how_going": "3", "meetings_since": "²"}, "whole number"),
        ({"period": "1", "how_going": "3", "meetings_since": "9" * 5000}, "whole number"),
        (
            {"period": "1", "how_going": "3", "meetings_since": "1", "to_coordinator": "x" * 5000},
            "at most",
        ),
        ({"period": "2", "how_going": "3", "meetings_since": "1"}, "not open yet"),
        ({"period": "\x00", "how_going": "3", "meetings_since": "1"}, ""),
    ],
)
def test_odd_or_refused_input_answers_with_a_message(reporting, pair, client, data, message):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ParticipantReport.objects.exists()


def test_a_second_report_posted_is_refused_with_a_message(reporting, pair, client):
    match, _mentor, mentee = pair
    report(mentee)
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), {"period": "1", "how_going": "1", "meetings_since": "0"})
    assert "You have written your report for this period." in response.content.decode()
    assert ParticipantReport.objects.get().how_going == 4


def test_someone_elses_relationship_cannot_take_a_report(reporting, pair, users, client):
    match, _mentor, _mentee = pair
    for who in ("member_elsewhere", "coordinator"):
        client.force_login(users[who])
        response = client.post(url(match), {"period": "1", "how_going": "3", "meetings_since": "1"})
        assert response.status_code == 404
    assert not ParticipantReport.objects.exists()


def test_the_workspace_card_asks_for_the_report(reporting, pair, client):
    match, _mentor, mentee = pair
    workspace = reverse("relationships:workspace", kwargs={"pk": match.pk})
    client.force_login(mentee.enrolment.user)
    due = client.get(workspace).content.decode()
    report(mentee)
    sent = client.get(workspace).content.decode()
    assert "Write your report to the coordinator" in due
    assert "Your report is due" in due
    assert "You have sent this period" in sent
    assert "Write your report to the coordinator" not in sent


# --- The coordinators' admin -----------------------------------------------------------------


@pytest.fixture
def reports(reporting, pair, elsewhere):
    _match, mentor, mentee = pair
    here = report(mentee, how_going=2, meetings_since=1, to_coordinator=SECRET)
    report(mentor, how_going=5)
    there = report(elsewhere.members.get(role="mentee"), how_going=3)
    return here, there


def test_the_coordinator_lists_their_programmes_reports_without_the_text(reports, users, client):
    client.force_login(users["coordinator"])
    response = client.get(reverse("admin:evaluations_participantreport_changelist"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Adam Adept" in text and "2/5" in text and "5/5" in text
    assert "Bo Berg" in text  # another relationship of the same programme
    assert "cancelling" not in text
    assert not ReportRead.objects.exists()  # the list is not a reading


def test_opening_a_report_shows_its_text_and_is_logged(reports, users, client):
    here, _there = reports
    client.force_login(users["coordinator"])
    change = reverse("admin:evaluations_participantreport_change", args=[here.pk])

    first = client.get(change)
    second = client.get(change)

    assert first.status_code == 200
    assert "cancelling" in first.content.decode()
    reads = list(ReportRead.objects.filter(report=here))
    assert len(reads) == 2
    assert {r.reader for r in reads} == {users["coordinator"]}
    assert "Cora Coordinator" in second.content.decode()  # the log is shown on the page


def test_a_coordinator_elsewhere_sees_no_report_and_logs_nothing(reports, users, client):
    here, _there = reports
    client.force_login(users["other_coordinator"])
    listed = client.get(reverse("admin:evaluations_participantreport_changelist"))
    opened = client.get(reverse("admin:evaluations_participantreport_change", args=[here.pk]))
    assert "Adam Adept" not in listed.content.decode()
    assert opened.status_code in (302, 404)
    assert "cancelling" not in opened.content.decode()
    assert not ReportRead.objects.exists()


@pytest.mark.parametrize("role", ["member", "other_member", "member_elsewhere", "anon"])
def test_participants_never_reach_the_reports_admin(reports, users, client, role):
    here, _there = reports
    as_(client, users[role])
    for path in (
        reverse("admin:evaluations_participantreport_changelist"),
        reverse("admin:evaluations_participantreport_change", args=[here.pk]),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert not ReportRead.objects.exists()


@pytest.mark.parametrize("pk", ["99999999999999999999999", "abc", "-1"])
def test_odd_report_ids_in_the_admin_are_simply_missing(reports, users, client, pk):
    client.force_login(users["coordinator"])
    response = client.get(f"/admin/evaluations/participantreport/{pk}/change/")
    assert response.status_code in (302, 404)
    assert not ReportRead.objects.exists()


def test_reports_are_not_changed_or_deleted_in_the_admin(reports, users, client):
    here, _there = reports
    client.force_login(users["coordinator"])
    change = reverse("admin:evaluations_participantreport_change", args=[here.pk])
    client.post(change, {"how_going": "5"})
    delete = reverse("admin:evaluations_participantreport_delete", args=[here.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    here.refresh_from_db()
    assert here.how_going == 2


def test_the_relationships_admin_counts_the_reports(reports, users, client):
    client.force_login(users["coordinator"])
    text = client.get(reverse("admin:relationships_match_changelist")).content.decode()
    assert "2, latest" in text
    assert "cancelling" not in text


@pytest.mark.parametrize("meetings", ["-1", "100000"])
def test_a_count_out_of_range_is_said_once(reporting, pair, client, meetings):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    body = client.post(
        url(match), {"period": "1", "how_going": "3", "meetings_since": meetings}
    ).content.decode()
    said = "greater than or equal to 0" if meetings == "-1" else "less than or equal to"
    assert body.count(said) == 1
    assert not ParticipantReport.objects.exists()
