"""Closure's pages for members (under the relationship) and the public verification page.
Each part keeps its own url list; this one joins them."""

from . import certificate_urls, ending_urls, reflection_urls, transition_urls

app_name = "closure"

urlpatterns: list = [
    *reflection_urls.urlpatterns,
    *certificate_urls.urlpatterns,
    *ending_urls.urlpatterns,
    *transition_urls.urlpatterns,
]
