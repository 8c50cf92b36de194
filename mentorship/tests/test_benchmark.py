"""The benchmark's helpers, as benchmarks/pages.py sees them when BENCHMARK=1."""

import pytest
from django.test import RequestFactory

from mentorship.benchmark import QUERY_HEADER, QueryCountMiddleware, bare_view
from programs.models import Programme


@pytest.mark.django_db
def test_the_query_header_counts_the_queries_of_the_request():
    def view(request):
        list(Programme.objects.all())
        list(Programme.objects.all())
        return bare_view(request)

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))

    assert response[QUERY_HEADER] == "2"
    assert response.content == b"ok"
