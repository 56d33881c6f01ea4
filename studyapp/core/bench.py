"""Benchmark support, on only when BENCH=1 (never in production).

Two floors served through the same middleware as every page, to measure
pages against: the static floor touches neither session nor database; the
page floor loads the logged-in user (session and user rows) and renders a
one-line template. The query-count middleware reports the SQL queries each
request ran in an `X-Queries` header, so the load driver can read them.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def static_floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def page_floor(request: HttpRequest) -> HttpResponse:
    return render(request, "core/page_floor.html")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response
