"""The meeting page's agenda, notes and action items as members use them: who is invited
to add what, refused forms that keep what was typed, odd input, and a private reflection
that nobody but its author ever reads — not the other member, not a coordinator."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Note
from meetings.services import content
from meetings.tests.factories import TopicFactory
from programs.tests.factories import ProgrammeFactory
from relationships.services import match_end

pytestmark = pytest.mark.django_db
SECRET = "I froze when Maja asked about money"


def url(name: str, meeting, **extra) -> str:
    return reverse(
        f"meetings:{name}", kwargs={"pk": meeting.match_id, "meeting": meeting.pk, **extra}
    )


def page(client, meeting) -> str:
    response = client.get(url("detail", meeting))
    assert response.status_code == 200
    return response.text


def login(client, member):
    client.force_login(member.enrolment.user)
    return client


# --- The agenda ------------------------------------------------------------------------------
def test_the_mentee_is_invited_first_and_the_mentor_may_add_too(client, coming, pair):
    _match, mentor, mentee = pair

    to_adam = page(login(client, mentee), coming)
    workspace = client.get(reverse("relationships:workspace", args=[coming.match_id])).text
    to_maja = page(login(client, mentor), coming)
    response = client.post(url("agenda_add", coming), {"text": "How the first month went"})

    assert "What would you like to talk about? Add your topics" in to_adam
    assert "Add topics to the next meeting&#x27;s agenda" in workspace
    assert "The mentee adds topics first; you can add yours too." in to_maja
    assert "Add to the agenda" in to_maja
    assert response["Location"] == url("detail", coming) + "#agenda"
    assert AgendaItem.objects.get().author == mentor
    to_adam = page(login(client, mentee), coming)
    assert "How the first month went" in to_adam and "added by Maja Mentor" in to_adam
    workspace = client.get(reverse("relationships:workspace", args=[coming.match_id])).text
    assert "next meeting&#x27;s agenda" not in workspace  # someone has started it


def test_a_topic_picked_from_the_bank_reads_in_the_readers_language(client, coming, pair, bank):
    _match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()
    topic = TopicFactory(
        programme=coming.match.programme, title_en="Hiring", title_sv="Att anställa"
    )
    TopicFactory(programme=ProgrammeFactory(), title_en="Not ours")

    bank = page(login(client, mentee), coming)
    client.post(url("agenda_add", coming), {"topic": topic.pk, "text": ""})
    in_swedish = page(login(client, mentor), coming)

    assert f'<option value="{topic.pk}">Hiring</option>' in bank
    assert "Not ours" not in bank
    assert "Where you stand at work today" in bank  # the global bank from the migration
    assert "Att anställa" in in_swedish and "Hiring" not in in_swedish


@pytest.mark.parametrize("forged", ["²", "9" * 30, "-1", "abc"])
def test_a_forged_or_foreign_topic_is_a_form_error_and_keeps_the_text(
    client, coming, pair, forged, bank
):
    _match, _mentor, mentee = pair
    foreign = TopicFactory(programme=ProgrammeFactory())
    login(client, mentee)

    for topic in (forged, foreign.pk):
        response = client.post(url("agenda_add", coming), {"topic": topic, "text": "Kept words"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert 'value="Kept words"' in response.text
    assert not AgendaItem.objects.exists()


def test_an_empty_topic_comes_back_with_the_message(client, coming, pair):
    login(client, pair[2])

    response = client.post(url("agenda_add", coming), {"text": "  ", "topic": ""})

    assert "Write a topic or choose one from the bank." in response.text
    assert not AgendaItem.objects.exists()


def test_the_mentor_cannot_remove_the_mentees_topic(client, coming, pair):
    _match, mentor, mentee = pair
    item = content.agenda_item_add(member=mentee, meeting=coming, text="Adam's topic")

    maja = page(login(client, mentor), coming)
    response = client.post(url("agenda_remove", coming, item=item.pk), follow=True)

    assert f"agenda/{item.pk}/remove/" not in maja
    assert "Only Adam Adept, who added this topic, removes it." in response.text
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    login(client, mentee)
    assert f"agenda/{item.pk}/remove/" in page(client, coming)
    client.post(url("agenda_remove", coming, item=item.pk))
    assert not AgendaItem.objects.exists()


def test_text_people_wrote_is_escaped(client, held, pair):
    _match, mentor, mentee = pair
    content.agenda_item_add(member=mentee, meeting=held, text="<script>alert(1)</script>")
    content.note_save(member=mentee, meeting=held, private=False, text="<b>bold</b>")
    content.action_item_add(member=mentee, meeting=held, text="<i>x</i>")

    text = page(login(client, mentor), held)

    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert "<b>bold</b>" not in text and "&lt;b&gt;bold&lt;/b&gt;" in text
    assert "<i>x</i>" not in text


def test_a_cancelled_meeting_shows_its_agenda_without_forms(client, coming, pair):
    _match, mentor, mentee = pair
    content.agenda_item_add(member=mentee, meeting=coming, text="Budget")
    client.force_login(mentor.enrolment.user)
    client.post(url("cancel", coming), {"reason": "Ill"})

    text = page(login(client, mentee), coming)
    response = client.post(url("agenda_add", coming), {"text": "More"}, follow=True)

    assert "Budget" in text and "Add to the agenda" not in text and "/remove/" not in text
    assert "its agenda no longer changes" in response.text
    assert AgendaItem.objects.count() == 1


# --- Notes -----------------------------------------------------------------------------------
def test_before_the_meeting_there_is_nothing_to_note(client, coming, pair):
    login(client, pair[2])

    text = page(client, coming)
    response = client.post(
        url("note_save", coming, kind="shared"), {"shared-text": "Early"}, follow=True
    )

    assert "Notes after the meeting" not in text
    assert response.redirect_chain == [(url("detail", coming) + "#notes", 302)]
    assert "write them once it has begun" in response.text
    assert not Note.objects.exists()


def test_the_other_member_reads_the_shared_note_and_never_the_reflection(client, held, pair):
    _match, mentor, mentee = pair
    login(client, mentee)

    client.post(url("note_save", held, kind="shared"), {"shared-text": "We planned the hire."})
    client.post(url("note_save", held, kind="private"), {"private-text": SECRET})
    adams = page(client, held)
    majas = page(login(client, mentor), held)

    assert "We planned the hire." in adams and SECRET in adams
    assert "Adam Adept’s note" in majas and "We planned the hire." in majas
    assert SECRET not in majas
    for where in (
        reverse("meetings:list", args=[held.match_id]),
        reverse("relationships:workspace", args=[held.match_id]),
    ):
        assert SECRET not in client.get(where).text


def test_notes_are_edited_in_place(client, held, pair):
    _match, _mentor, mentee = pair
    login(client, mentee)

    client.post(url("note_save", held, kind="private"), {"private-text": "First thoughts"})
    client.post(url("note_save", held, kind="private"), {"private-text": "Second thoughts"})

    assert list(Note.objects.values_list("text", flat=True)) == ["Second thoughts"]
    assert "Second thoughts</textarea>" in page(client, held)
    client.post(url("note_save", held, kind="private"), {"private-text": ""})
    assert not Note.objects.exists()


@pytest.mark.parametrize("kind", ["other", "reflection", "²", "9" * 30, "1"])
def test_an_unknown_kind_of_note_answers_404(client, held, pair, kind):
    login(client, pair[2])

    assert client.post(url("note_save", held, kind=kind), {"shared-text": "x"}).status_code == 404
    assert not Note.objects.exists()


def test_no_address_or_field_lets_a_member_write_or_read_anothers_reflection(client, held, pair):
    """Forged ids: the note's, the author's, in the address, the form and the query."""
    _match, mentor, mentee = pair
    reflection = content.note_save(member=mentee, meeting=held, private=True, text=SECRET)
    login(client, mentor)

    forged_post = {
        "private-text": "Maja overwrites",
        "author": mentee.pk,
        "private-author": mentee.pk,
        "note": reflection.pk,
        "private-note": reflection.pk,
        "id": reflection.pk,
    }
    client.post(url("note_save", held, kind="private") + f"?author={mentee.pk}", forged_post)
    reads = [
        client.get(url("detail", held) + f"?note={reflection.pk}&author={mentee.pk}"),
        client.get(url("note_save", held, kind="private") + f"?author={mentee.pk}"),
        client.get(f"/relationships/{held.match_id}/meetings/{held.pk}/notes/{reflection.pk}/"),
    ]

    reflection.refresh_from_db()
    assert reflection.text == SECRET and reflection.author == mentee
    majas = Note.objects.get(author=mentor)
    assert majas.private and majas.text == "Maja overwrites"
    assert [r.status_code for r in reads] == [200, 405, 404]
    assert all(SECRET not in r.text for r in reads)


def test_the_coordinators_admin_never_shows_a_reflection_or_a_note(client, held, pair, users):
    _match, _mentor, mentee = pair
    content.note_save(member=mentee, meeting=held, private=True, text=SECRET)
    content.note_save(member=mentee, meeting=held, private=False, text="Shared words of Adam")
    content.agenda_item_add(member=mentee, meeting=held, text="Adam's agenda topic")
    client.force_login(users["coordinator"])

    pages = [
        reverse("admin:index"),
        reverse("admin:relationships_match_changelist"),
        reverse("admin:relationships_match_change", args=[held.match_id]),
        reverse("admin:meetings_topic_changelist"),
        reverse("admin:relationships_match_changelist") + "?q=froze",
    ]
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        for words in (SECRET, "Shared words of Adam", "Adam&#x27;s agenda topic"):
            assert words not in response.text, address
    assert client.get("/admin/meetings/note/").status_code == 404


# --- Action items ----------------------------------------------------------------------------
def test_an_action_item_is_added_ticked_and_removed_from_the_page(client, held, pair, soon):
    _match, mentor, mentee = pair
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    login(client, mentee)

    response = client.post(
        url("action_add", held),
        {"action-text": "Send the plan", "action-owner": mentor.pk, "action-due_on": due},
    )
    item = ActionItem.objects.get()
    maja = page(login(client, mentor), held)
    client.post(url("action_done", held, item=item.pk), {"done": "1"})

    assert response["Location"] == url("detail", held) + "#actions"
    assert (item.owner, item.author, item.due_on.isoformat()) == (mentor, mentee, due)
    assert "Send the plan" in maja and "Mark done" in maja
    assert f"actions/{item.pk}/remove/" not in maja  # Adam wrote it down
    item.refresh_from_db()
    assert item.done
    login(client, mentee)
    client.post(url("action_remove", held, item=item.pk))
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("owner", ["²", "9" * 30, "-1", "x"])
def test_a_forged_owner_is_a_form_error_and_keeps_the_text(client, held, pair, owner):
    login(client, pair[2])

    response = client.post(url("action_add", held), {"action-text": "Kept", "action-owner": owner})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text and 'value="Kept"' in response.text
    assert not ActionItem.objects.exists()


def test_an_owner_from_another_relationship_is_neither_offered_nor_taken(
    client, held, pair, elsewhere
):
    bo = elsewhere.members.get(role="mentee")
    login(client, pair[2])

    text = page(client, held)
    response = client.post(
        url("action_add", held), {"action-text": "Ask Bo", "action-owner": bo.pk}
    )

    assert "Maja Mentor" in text and "Bo Berg" not in text
    assert "Select a valid choice" in response.text
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2027-02-30", "Enter a real date"),
        ("²", "Enter a real date"),
        ("1999-01-01", "within the programme"),
    ],
)
def test_a_bad_due_date_comes_back_with_the_message(client, held, pair, day, message):
    login(client, pair[2])

    response = client.post(url("action_add", held), {"action-text": "Kept", "action-due_on": day})

    assert response.status_code == 200
    assert message in response.text and 'value="Kept"' in response.text
    assert not ActionItem.objects.exists()


def test_the_mentor_may_not_tick_what_the_mentee_does(client, held, pair):
    _match, mentor, mentee = pair
    item = content.action_item_add(member=mentee, meeting=held, text="Adam's task", owner=mentee)

    text = page(login(client, mentor), held)
    response = client.post(url("action_done", held, item=item.pk), {"done": "1"}, follow=True)

    assert "Mark done<span" not in text
    assert "Adam Adept does this" in response.text
    item.refresh_from_db()
    assert not item.done


# --- Odd input and ended relationships -------------------------------------------------------
@pytest.mark.parametrize("forged", ["²", "9" * 30, "0", "-3", "1.0", "abc"])
def test_forged_ids_answer_404_never_500(client, held, pair, forged):
    login(client, pair[2])
    item = content.agenda_item_add(member=pair[2], meeting=held, text="Real")
    action = content.action_item_add(member=pair[2], meeting=held, text="Real")

    addresses = [
        url("agenda_remove", held, item=forged),
        url("action_done", held, item=forged),
        url("action_remove", held, item=forged),
        url("action_step", held, item=forged),
        reverse("meetings:agenda_add", kwargs={"pk": held.match_id, "meeting": forged}),
        reverse("meetings:note_save", kwargs={"pk": forged, "meeting": held.pk, "kind": "shared"}),
    ]
    for address in addresses:
        assert client.post(address, {"done": "1"}).status_code == 404, address
        assert client.get(address).status_code == 404, address
    assert AgendaItem.objects.get() == item and ActionItem.objects.get() == action


def test_another_meetings_item_answers_404(client, held, coming, pair):
    _match, _mentor, mentee = pair
    item = content.agenda_item_add(member=mentee, meeting=coming, text="Of the coming one")
    action = content.action_item_add(member=mentee, meeting=held, text="Of the held one")
    login(client, mentee)

    assert client.post(url("agenda_remove", held, item=item.pk)).status_code == 404
    assert client.post(url("action_remove", coming, item=action.pk)).status_code == 404
    assert AgendaItem.objects.exists() and ActionItem.objects.exists()


def test_nul_characters_are_dropped_and_a_10_mb_post_is_refused(client, held, pair):
    login(client, pair[2])
    client.raise_request_exception = False

    client.post(url("note_save", held, kind="shared"), {"shared-text": "Half\x00way"})
    client.post(url("agenda_add", held), {"text": "Bud\x00get"})
    huge = client.post(url("note_save", held, kind="private"), {"private-text": "x" * 10_000_000})
    long = client.post(url("note_save", held, kind="private"), {"private-text": "y" * 4001})

    assert Note.objects.get().text == "Halfway"
    assert AgendaItem.objects.get().text == "Budget"
    assert huge.status_code == 400
    assert long.status_code == 200 and "at most 4000 characters" in long.text
    assert Note.objects.count() == 1


def test_an_ended_relationship_keeps_its_pages_readable_and_refuses_changes(client, held, pair):
    match, mentor, mentee = pair
    content.note_save(member=mentee, meeting=held, private=False, text="Shared before the end")
    content.note_save(member=mentee, meeting=held, private=True, text=SECRET)
    item = content.agenda_item_add(member=mentee, meeting=held, text="Old topic")
    match_end(match=match, by=mentor.enrolment.user, reason="Moved abroad")
    login(client, mentee)

    text = page(client, held)
    refused = client.post(url("agenda_add", held), {"text": "New"}, follow=True)
    client.post(url("note_save", held, kind="private"), {"private-text": "Changed"})
    client.post(url("agenda_remove", held, item=item.pk))

    assert "Shared before the end" in text and SECRET in text and "Old topic" in text
    assert "Add to the agenda" not in text and "Save the note" not in text
    assert "has ended" in refused.text
    assert Note.objects.get(private=True).text == SECRET
    assert AgendaItem.objects.filter(pk=item.pk).exists()
