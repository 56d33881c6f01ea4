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
    may end a successful post with `redirect(...)`, htmx or not. A boosted request
    (hx-boost) swaps whole pages, so its redirects stay as they are.

    Either way, a session that expired leads to the login page and, after it, back to
    the page the user was on, not to the URL that was asked (a POST-only one, as Start).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.htmx and response.status_code in (301, 302, 303, 307, 308):
            location = response["Location"]
            if location.startswith(resolve_url(settings.LOGIN_URL)) and request.htmx.current_url_abs_path:
                location = redirect_to_login(request.htmx.current_url_abs_path).url
            if request.htmx.boosted:
                response["Location"] = location
                return response
            return HttpResponseClientRedirect(location)
        return response

    return middleware
