"""Site-wide request handling."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


def htmx_redirects(get_response: Callable[[HttpRequest], HttpResponse]):
    """A redirect answering an htmx request becomes a full-page visit (HX-Redirect).

    htmx follows a plain 3xx inside its request and would swap the whole next page
    into the form that asked, nesting a second site in the first. With this, any view
    may end a successful post with `redirect(...)`, htmx or not.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.htmx and not request.htmx.boosted and response.status_code in (301, 302, 303, 307, 308):
            location = response["Location"]
            if location.startswith(resolve_url(settings.LOGIN_URL)) and request.htmx.current_url_abs_path:
                # Back to the page the user was on after logging in, not to the fragment's URL.
                location = redirect_to_login(request.htmx.current_url_abs_path).url
            return HttpResponseClientRedirect(location)
        return response

    return middleware
