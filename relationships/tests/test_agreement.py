"""The agreement: terms settled once, every member signs exactly what is shown, a change
asks everyone to sign again and says what changed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from programs.models import Programme
from relationships.models import Agreement, AgreementVersion, Match, MatchMember, Signature
from relationships.services import agreement_sign, agreement_terms_update, guide_update
from relationships.workspace import agreement_state

pytestmark = pytest.mark.django_db


def url(name, match):
    return reverse(f"relationships:{name}", args=[match.pk])


def state_for(member):
    members = list(MatchMember.objects.filter(match=member.match).select_related("enrolment__user"))
    return agreement_state(member.match, member, members)


def test_the_relationship_forms_until_everyone_has_signed(pair):
    match, mentor, mentee = pair
    assert match.status == Match.Status.FORMING

    agreement_sign(member=mentee)
    match.refresh_from_db()
    assert match.status == Match.Status.FORMING

    agreement_sign(member=mentor)
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    version = AgreementVersion.objects.get()
    assert set(version.signatures.values_list("member", flat=True)) == {mentor.pk, mentee.pk}
    assert version.programme_text["en"].startswith("We keep what we say")
    assert version.programme_text["sv"].startswith("Vi håller")


def test_a_programme_without_a_required_agreement_starts_active(running, pair):
    from intake.tests.factories import person
    from relationships.services import match_create

    running.agreement_required = False
    running.save()
    match = match_create(
        programme=running,
        mentor=person(running, "mentor"),
        mentees=[person(running)],
        origin="manual",
        by=None,
    )

    assert match.status == Match.Status.ACTIVE


def test_signing_twice_is_refused_and_the_database_holds_it(pair):
    _match, _mentor, mentee = pair
    signature = agreement_sign(member=mentee)

    with pytest.raises(ValidationError, match="already signed this version"):
        agreement_sign(member=mentee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(version=signature.version, member=mentee)
    assert Signature.objects.count() == 1


def test_a_member_cannot_sign_for_someone_else(client, pair):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    seen = client.get(url("agreement", match)).context["state"].digest
    response = client.post(
        url("agreement", match),
        {"seen": seen, "agree": "on", "member": mentor.pk, "member_id": mentor.pk},
    )

    assert response.status_code == 302
    assert list(Signature.objects.values_list("member", flat=True)) == [mentee.pk]


def test_signing_needs_the_tick_and_the_version_that_was_read(client, pair):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    seen = client.get(url("agreement", match)).context["state"].digest
    unticked = client.post(url("agreement", match), {"seen": seen})
    agreement_terms_update(member=mentor, place="Café Blom")  # changes while Adam reads
    stale = client.post(url("agreement", match), {"seen": seen, "agree": "on"})
    forged = client.post(url("agreement", match), {"seen": "²\x00" * 40, "agree": "on"})

    assert "Tick the box to say you agree, then sign." in unticked.text
    assert "The agreement changed while you were reading it." in stale.text
    assert "The agreement changed while you were reading it." in forged.text
    assert not Signature.objects.exists()


def test_changed_terms_ask_everyone_to_sign_again_and_say_what_changed(client, pair):
    match, mentor, mentee = pair
    agreement_terms_update(member=mentee, cadence="monthly", place="The library")
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)

    agreement_terms_update(member=mentor, cadence="fortnightly", place="The library")

    state = state_for(mentee)
    assert state.mine is None and not state.all_signed
    assert [(c.label, c.before, c.after) for c in state.changes] == [
        ("How often we meet", "Every month", "Every two weeks")
    ]
    client.force_login(mentee.enrolment.user)
    workspace = client.get(url("workspace", match)).text
    assert "Sign the agreement again" in workspace
    page = client.get(url("agreement", match)).text
    assert "What changed since you signed version 1" in page
    assert "Every two weeks" in page
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE  # it was established; only the terms changed


def test_a_new_programme_text_asks_everyone_to_sign_again(pair):
    match, mentor, mentee = pair
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    programme = Programme.objects.get(pk=match.programme_id)
    programme.agreement_text_en = "We keep what we say to each other confidential.\nBe on time."
    programme.save()

    member = MatchMember.objects.select_related("match__programme").get(pk=mentee.pk)
    with translation.override("en"):
        state = state_for(member)

    assert state.mine is None
    (change,) = state.changes
    assert ("+", "Be on time.") in change.lines and (
        "-",
        "Either of us may end it.",
    ) in change.lines
    agreement_sign(member=member)
    assert AgreementVersion.objects.count() == 2


def seen(client, path) -> str:
    return client.get(path).context["form"]["terms_seen"].value()


def test_the_first_meeting_guide_fills_the_terms(client, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    area = match.programme.areas.get()

    response = client.post(
        url("guide", match),
        {
            "terms_seen": seen(client, url("guide", match)),
            "introductions": "on",
            "expectations": "on",
            "topics": "on",
            "structure": "on",
            "cadence": "fortnightly",
            "meeting_format": "video",
            "place": "https://meet.example.org/adam-maja",
            "meeting_minutes": "90",
            "areas": [area.pk],
            "mentee_expectations": "Honest feedback on my first year as a manager.",
            "mentor_expectations": "Adam sets the agenda.",
        },
    )

    assert response["Location"] == url("agreement", match)
    agreement = Agreement.objects.get(match=match)
    assert (agreement.cadence, agreement.meeting_format, agreement.meeting_minutes) == (
        "fortnightly",
        "video",
        90,
    )
    assert list(agreement.areas.all()) == [area]
    page = client.get(url("agreement", match)).text
    assert "https://meet.example.org/adam-maja" in page and "90 minutes" in page
    assert match.guide.done


def test_guide_answers_out_of_range_are_refused_and_kept(client, pair):
    from programs.tests.factories import AreaFactory, ProgrammeFactory

    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    foreign_area = AreaFactory(programme=ProgrammeFactory())

    response = client.post(
        url("guide", match),
        {
            "terms_seen": seen(client, url("guide", match)),
            "introductions": "on",
            "meeting_minutes": "5",
            "areas": [foreign_area.pk],
            "place": "Café \x00Blom",
            "mentee_expectations": "Kept text",
        },
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 15." in response.text
    assert "Select a valid choice." in response.text
    assert "Kept text" in response.text
    assert not Agreement.objects.exists()


def test_the_print_page_shows_the_signed_agreement_cleanly(client, pair):
    match, mentor, mentee = pair
    agreement_terms_update(member=mentee, place="Café <Blom>")
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    client.force_login(mentor.enrolment.user)

    page = client.get(url("agreement_print", match)).text

    assert "We keep what we say to each other confidential." in page
    assert "Café &lt;Blom&gt;" in page
    assert page.count("signed ") >= 2
    assert 'class="navbar' not in page  # no site chrome on paper


def test_guide_steps_untick_and_the_guide_is_no_longer_done(pair):
    _match, _mentor, mentee = pair
    steps = dict.fromkeys(("introductions", "expectations", "topics", "structure"), True)
    assert guide_update(member=mentee, steps=steps).done
    assert not guide_update(member=mentee, steps={"topics": False}).done


@pytest.mark.django_db(transaction=True)
def test_two_members_signing_at_once_make_one_version_and_an_active_relationship(postgresql):
    import threading

    from django.db import connection

    from intake.tests.factories import person
    from programs.tests.factories import ProgrammeFactory
    from relationships.services import match_create

    programme = ProgrammeFactory(status=Programme.Status.RUNNING, agreement_text_en="Be kind.")
    match = match_create(
        programme=programme,
        mentor=person(programme, "mentor"),
        mentees=[person(programme)],
        origin="manual",
        by=None,
    )
    members = list(MatchMember.objects.select_related("match__programme").filter(match=match))
    barrier, errors = threading.Barrier(2), []

    def sign(member) -> None:
        barrier.wait()
        try:
            agreement_sign(member=member)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    match.refresh_from_db()
    assert errors == []
    assert AgreementVersion.objects.filter(agreement__match=match).count() == 1
    assert Signature.objects.filter(member__match=match).count() == 2
    assert match.status == Match.Status.ACTIVE and match.agreement_signed_at is not None


def test_a_coordinator_publishing_a_new_text_in_the_admin_asks_everyone_to_sign_again(client, pair):
    from accounts.tests.factories import UserFactory
    from programs.services import coordinator_grant

    match, mentor, mentee = pair
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    cora = UserFactory(is_staff=True)
    coordinator_grant(user=cora, programme=match.programme)
    client.force_login(cora)
    change = reverse("admin:programs_programme_change", args=[match.programme_id])
    form = client.get(change).context["adminform"].form
    assert {"agreement_required", "agreement_text_en", "agreement_text_sv"} <= set(form.fields)

    programme = Programme.objects.get(pk=match.programme_id)
    programme.name_en = programme.name_en  # an unrelated save keeps the signatures
    programme.save()
    match.refresh_from_db()
    assert match.agreement_signed_at is not None

    programme.agreement_text_sv = "Vi håller tiden."
    programme.save()
    match.refresh_from_db()
    assert match.agreement_signed_at is None


def test_a_change_undone_finds_the_signed_version_again_everywhere(client, pair):
    match, mentor, mentee = pair
    agreement_terms_update(member=mentee, place="The library")
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)

    agreement_terms_update(member=mentor, place="Café Blom")
    match.refresh_from_db()
    assert match.agreement_signed_at is None
    agreement_terms_update(member=mentor, place="The library")  # and back

    match.refresh_from_db()
    assert match.agreement_signed_at is not None
    assert state_for(mentee).all_signed and AgreementVersion.objects.count() == 1
    with pytest.raises(ValidationError, match="already signed"):
        agreement_sign(member=mentee)


def test_signing_after_a_change_and_back_signs_the_one_version_of_that_content(pair):
    _match, mentor, mentee = pair
    agreement_terms_update(member=mentee, place="The library")
    agreement_sign(member=mentee)
    agreement_terms_update(member=mentor, place="Café Blom")
    agreement_sign(member=mentor)  # signs the café version
    agreement_terms_update(member=mentor, place="The library")

    agreement_sign(member=mentor)

    first = AgreementVersion.objects.get(terms__place="The library")
    assert set(first.signatures.values_list("member", flat=True)) == {mentor.pk, mentee.pk}


def test_a_newcomer_to_a_group_signs_too(running):
    from intake.tests.factories import person
    from relationships.services import match_create

    running.kind = Programme.Kind.GROUP
    running.save()
    mentor = person(running, "mentor", capacity=3)
    group = match_create(
        programme=running, mentor=mentor, mentees=[person(running)], origin="manual", by=None
    )
    for member in MatchMember.objects.select_related("match__programme").filter(match=group):
        agreement_sign(member=member)
    group.refresh_from_db()
    assert group.agreement_signed_at is not None

    match_create(
        programme=running,
        mentor=mentor,
        mentees=[person(running)],
        origin="manual",
        by=None,
        into=group,
    )

    group.refresh_from_db()
    assert group.agreement_signed_at is None and group.status == Match.Status.ACTIVE


def test_a_save_over_someone_elses_change_is_refused_and_keeps_what_was_typed(client, pair):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    opened = seen(client, url("agreement_terms", match))
    agreement_terms_update(member=mentor, place="Maja's new place")  # meanwhile

    stale = client.post(
        url("agreement_terms", match),
        {"terms_seen": opened, "place": "Adam's place", "meeting_minutes": "60"},
    )
    again = client.post(
        url("agreement_terms", match),
        {"terms_seen": stale.context["form"]["terms_seen"].value(), "place": "Adam's place"},
    )

    assert "Someone changed the terms while you were writing." in stale.text
    assert "Adam&#x27;s place" in stale.text
    assert again.status_code == 302
    assert Agreement.objects.get(match=match).place == "Adam's place"


def test_the_print_page_prints_what_everyone_signed_after_the_terms_changed(client, pair):
    match, mentor, mentee = pair
    agreement_terms_update(member=mentee, place="The library")
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    agreement_terms_update(member=mentor, place="Café Blom")
    agreement_sign(member=mentor)
    client.force_login(mentee.enrolment.user)

    page = client.get(url("agreement_print", match)).text

    assert "The library" in page and "Café Blom" not in page
    assert "This is version 1, the last one everyone signed." in page


def test_a_text_changed_only_in_the_other_language_says_so(client, pair):
    match, mentor, mentee = pair
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    programme = Programme.objects.get(pk=match.programme_id)
    programme.agreement_text_sv = "Vi håller tiden."
    programme.save()
    client.force_login(mentee.enrolment.user)

    page = client.get(url("agreement", match)).text

    assert "It changed in the other language; in yours it reads as before." in page
