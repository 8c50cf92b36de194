"""The topic bank: the starting set every programme offers, the coordinators' admin (their
programmes' topics, and the global ones read-only unless they are superusers), and the
agenda travelling in the meeting e-mails, escaped."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from meetings import services
from meetings.admin import TopicAdmin
from meetings.models import Topic
from meetings.services import content
from meetings.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


# --- The starting set ------------------------------------------------------------------------
def test_the_starting_set_has_a_dozen_topics_and_six_activities_in_both_languages(bank):
    assert bank.filter(kind=Topic.Kind.TOPIC).count() == 12
    assert bank.filter(kind=Topic.Kind.ACTIVITY).count() == 6
    for topic in bank:
        assert topic.title_en and topic.title_sv and topic.title_en != topic.title_sv
        assert topic.description_en.endswith(".") and topic.description_sv.endswith(".")
        assert topic.active
    titles = set(bank.values_list("title_en", flat=True))
    assert {"Negotiating your salary", "Your thesis", "A practice interview"} <= titles
    assert "Att förhandla om lönen" in set(bank.values_list("title_sv", flat=True))


# --- The admin -------------------------------------------------------------------------------
def payload(programme, **fields) -> dict:
    return {
        "programme": programme.pk if programme else "",
        "kind": "topic",
        "title_en": "Pricing",
        "title_sv": "Prissättning",
        "description_en": "",
        "description_sv": "",
        "position": "1",
        "active": "on",
        **fields,
    }


def test_the_admin_shows_the_coordinators_topics_and_the_global_ones(
    client, coordinator, programme, other_programme, bank
):
    own = TopicFactory(programme=programme, title_en="Our own topic")
    TopicFactory(programme=other_programme, title_en="Their topic")
    client.force_login(coordinator)

    listing = client.get(reverse("admin:meetings_topic_changelist")).text

    assert "Our own topic" in listing and "Their topic" not in listing
    assert "Negotiating your salary" in listing and "Every programme" in listing
    assert reverse("admin:meetings_topic_change", args=[own.pk]) in listing


def test_global_topics_are_read_only_for_coordinators(client, coordinator, bank):
    topic = Topic.objects.get(title_en="Your thesis")
    client.force_login(coordinator)
    change = reverse("admin:meetings_topic_change", args=[topic.pk])

    page = client.get(change).text
    client.post(change, payload(None, title_en="Hijacked"))
    deleted = client.post(reverse("admin:meetings_topic_delete", args=[topic.pk]), {"post": "yes"})

    assert "Your thesis" in page and 'name="title_en"' not in page
    assert deleted.status_code == 403
    topic.refresh_from_db()
    assert topic.title_en == "Your thesis"


def test_a_coordinator_adds_and_changes_their_programmes_topic_but_not_a_global_one(
    client, coordinator, programme, other_programme
):
    client.force_login(coordinator)
    add = reverse("admin:meetings_topic_add")

    global_try = client.post(add, payload(None))
    foreign_try = client.post(add, payload(other_programme))
    made = client.post(add, payload(programme))

    assert "This field is required." in global_try.text
    assert "Select a valid choice" in foreign_try.text
    assert made.status_code == 302
    topic = Topic.objects.get(title_en="Pricing")
    assert topic.programme == programme and topic.title_sv == "Prissättning"
    client.post(
        reverse("admin:meetings_topic_change", args=[topic.pk]),
        payload(programme, title_en="Pricing and costs"),
    )
    topic.refresh_from_db()
    assert topic.title_en == "Pricing and costs"


def test_a_superuser_changes_a_global_topic(client, admin_user, bank):
    topic = Topic.objects.get(title_en="Your thesis")
    client.force_login(admin_user)

    client.post(
        reverse("admin:meetings_topic_change", args=[topic.pk]),
        payload(None, title_en="Your degree project", title_sv="Ditt examensarbete"),
    )

    topic.refresh_from_db()
    assert topic.title_en == "Your degree project"


def test_the_topic_admin_is_registered_scoped_and_with_global_rows():
    admin = site._registry[Topic]
    assert isinstance(admin, TopicAdmin) and admin.include_global


# --- The agenda in the e-mails ---------------------------------------------------------------
def test_the_agenda_travels_in_the_meeting_e_mails_escaped_and_in_each_language(
    coming, pair, mailoutbox, django_capture_on_commit_callbacks, bank
):
    _match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()
    topic = Topic.objects.get(title_en="Negotiating your salary")
    content.agenda_item_add(member=mentee, meeting=coming, text="<b>My first hire</b> & more")
    content.agenda_item_add(member=mentee, meeting=coming, topic=topic)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change(
            member=mentee,
            meeting=coming,
            starts_at=coming.starts_at,
            minutes=coming.minutes,
            format="in_person",
            place="Café Blom",
        )

    (sent,) = [m for m in mailoutbox if mentor.enrolment.user.email in m.to]
    html = sent.alternatives[0][0]
    assert "1. <b>My first hire</b> & more" in sent.body  # plain text, as written
    assert "2. Att förhandla om lönen" in sent.body  # in Maja's language
    assert "&lt;b&gt;My first hire&lt;/b&gt; &amp; more" in html
    assert "<b>My first hire" not in html
    assert "<li>Att förhandla om lönen</li>" in html


def test_a_meeting_without_an_agenda_sends_no_empty_heading(
    coming, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(member=mentee, meeting=coming, reason="Ill")

    assert mailoutbox and all("Agenda" not in m.body for m in mailoutbox)
