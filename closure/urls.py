"""Closure's pages for members (under the relationship) and the public verification page.
Each part keeps its own url list; this one joins them."""

from . import ending_urls

app_name = "closure"

urlpatterns: list = [*ending_urls.urlpatterns]
