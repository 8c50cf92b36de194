"""What ``benchmarks/pages.py`` needs from the site, switched on by ``BENCHMARK=1`` only.

Never in production (settings refuse it there): a trivial view to compare every page with,
measured through the same middleware in the same run, and each response's number of
database queries in a header.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse

QUERY_HEADER = "X-Benchmark-Queries"


def bare_view(request: HttpRequest) -> HttpResponse:
    """The floor: what any page costs before it does any work of its own."""
    return HttpResponse("ok", content_type="text/plain")


class QueryCountMiddleware:
    """Counts the queries of the request (every middleware's too) into ``QUERY_HEADER``."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[QUERY_HEADER] = str(count)
        return response
