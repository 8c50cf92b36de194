"""Closure's pages for members (under the relationship) and the public verification page.
Each part keeps its own url list; this one joins them."""

from . import certificate_urls

app_name = "closure"

urlpatterns: list = [*certificate_urls.urlpatterns]
