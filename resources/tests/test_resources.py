"""The resources library: each person sees what is meant for them, and nothing else."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Audience, Enrolment
from resources.models import Resource
from resources.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

LIBRARY = reverse("resources:list")


def library(client, person, query: str = "") -> str:
    client.force_login(person)
    response = client.get(LIBRARY + query)
    assert response.status_code == 200
    return response.content.decode()


def file_resource(programme, **fields) -> Resource:
    resource = ResourceFactory.build(programme=programme, url="", **fields)
    resource.file.save("guide.pdf", ContentFile(b"%PDF-1.4 the guide"), save=False)
    resource.save()
    return resource


def download(resource) -> str:
    return reverse("resources:download", args=[resource.pk])


def test_participants_see_resources_for_their_role_and_for_everyone(
    client, programme, mentor, mentee
):
    ResourceFactory(programme=programme, title="For mentors", audience=Audience.MENTORS)
    ResourceFactory(programme=programme, title="For mentees", audience=Audience.MENTEES)
    ResourceFactory(programme=programme, title="For everyone", audience=Audience.EVERYONE)

    mentor_page, mentee_page = library(client, mentor), library(client, mentee)

    assert "For mentors" in mentor_page and "For mentees" not in mentor_page
    assert "For mentees" in mentee_page and "For mentors" not in mentee_page
    assert "For everyone" in mentor_page and "For everyone" in mentee_page


def test_global_resources_reach_participants_of_every_programme_by_role(
    client, mentor, other_programme
):
    ResourceFactory(programme=None, title="Global for mentors", audience=Audience.MENTORS)
    ResourceFactory(programme=None, title="Global for mentees", audience=Audience.MENTEES)

    page = library(client, mentor)

    assert "Global for mentors" in page
    assert "Global for mentees" not in page


def test_participants_see_nothing_of_another_programme_or_unpublished(
    client, programme, other_programme, mentee
):
    ResourceFactory(programme=other_programme, title="Programme B only")
    ResourceFactory(programme=programme, title="Still a draft", published=False)

    page = library(client, mentee)

    assert "Programme B only" not in page
    assert "Still a draft" not in page


def test_a_paused_participant_sees_nothing(client, programme, mentee):
    ResourceFactory(programme=programme, title="Handbook")
    Enrolment.objects.filter(user=mentee).update(status=Enrolment.Status.PAUSED)

    assert "Handbook" not in library(client, mentee)


def test_outsider_gets_an_empty_library(client, programme, outsider):
    ResourceFactory(programme=programme, title="Handbook")
    ResourceFactory(programme=None, title="Global handbook")

    page = library(client, outsider)

    assert "Handbook" not in page
    assert "There are no resources for you here yet." in page


def test_coordinators_see_drafts_of_their_programmes_and_global_ones_only(
    client, programme, other_programme, coordinator
):
    ResourceFactory(programme=programme, title="Our draft", published=False)
    ResourceFactory(programme=None, title="Global guide")
    ResourceFactory(programme=other_programme, title="Their guide")

    page = library(client, coordinator)

    assert "Our draft" in page and "Global guide" in page
    assert "Their guide" not in page


def test_the_library_needs_a_signed_in_person(client):
    response = client.get(LIBRARY)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_library_shows_my_language_and_any_by_default(client, programme, mentee):
    ResourceFactory(programme=programme, title="English guide", language="en")
    ResourceFactory(programme=programme, title="Svensk guide", language="sv")
    ResourceFactory(programme=programme, title="Picture guide", language="any")

    default = library(client, mentee)
    swedish = library(client, mentee, "?language=sv")
    everything = library(client, mentee, "?language=all")

    assert "English guide" in default and "Picture guide" in default
    assert "Svensk guide" not in default
    assert "Svensk guide" in swedish and "English guide" not in swedish
    assert all(t in everything for t in ("English guide", "Svensk guide", "Picture guide"))


def test_the_library_filters_by_programme(client, programme, other_programme, mentee):
    from programs.tests.factories import EnrolmentFactory

    EnrolmentFactory(programme=other_programme, user=mentee)
    ResourceFactory(programme=programme, title="From A")
    ResourceFactory(programme=other_programme, title="From B")
    ResourceFactory(programme=None, title="From everywhere")

    only_b = library(client, mentee, f"?programme={other_programme.pk}")
    only_global = library(client, mentee, "?programme=global")

    assert "From B" in only_b and "From A" not in only_b
    assert "From everywhere" in only_global and "From A" not in only_global


def test_a_participant_downloads_a_file_as_an_attachment(client, programme, mentee):
    resource = file_resource(programme, title="Guide")
    client.force_login(mentee)

    response = client.get(download(resource))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="guide')
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the guide"


def test_the_file_is_not_under_the_public_media_root(programme, settings):
    resource = file_resource(programme)

    assert str(settings.PRIVATE_MEDIA_ROOT) in resource.file.path
    assert not resource.file.path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize("who", ["outsider", "other_mentee", "other_coordinator", "mentor"])
def test_people_it_is_not_for_get_404_for_a_download(client, programme, who, request):
    resource = file_resource(programme, audience=Audience.MENTEES)
    client.force_login(request.getfixturevalue(who))

    assert client.get(download(resource)).status_code == 404


def test_an_unpublished_file_is_404_for_participants_but_not_coordinators(
    client, programme, mentee, coordinator
):
    resource = file_resource(programme, published=False)

    client.force_login(mentee)
    assert client.get(download(resource)).status_code == 404
    client.force_login(coordinator)
    assert client.get(download(resource)).status_code == 200


def test_anonymous_download_goes_to_sign_in(client, programme):
    response = client.get(download(file_resource(programme)))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_link_resource_has_no_download(client, programme, mentee):
    client.force_login(mentee)

    assert client.get(download(ResourceFactory(programme=programme))).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _bulk(programme, count: int) -> None:
    Resource.objects.bulk_create(
        Resource(
            title=f"Bulk {i}",
            url=f"https://example.org/{i}",
            programme=programme if i % 2 else None,
            published=True,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("who", ["mentee", "coordinator"])
def test_library_queries_do_not_grow_with_resources(client, programme, who, request):
    client.force_login(request.getfixturevalue(who))
    _bulk(programme, 10)
    few = _queries(client, LIBRARY)

    _bulk(programme, 990)
    many = _queries(client, LIBRARY)

    assert few == many


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "-3", "abc", ""])
def test_odd_programme_filters_show_the_library_not_an_error(client, programme, mentee, value):
    ResourceFactory(programme=programme, title="Still here", audience=Audience.EVERYONE)
    client.force_login(mentee)
    response = client.get(reverse("resources:list"), {"programme": value})
    assert response.status_code == 200
    assert "Still here" in response.text
