"""The two floors the benchmark measures pages against, served through the same middleware as every page.

The static floor touches neither session nor database; the page floor loads the
logged-in user (session and user rows) and renders a one-line template: what
every logged-in page pays before any app work.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def static_floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def page_floor(request: HttpRequest) -> HttpResponse:
    return render(request, "benchapp/page_floor.html")
