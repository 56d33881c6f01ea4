from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from studyapp.accounts.roles import is_instructor
from studyapp.content.models import Topic
from studyapp.progress.today import instructor_today, learner_today


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Visitors read what the app is; signed-in users land on what to do today (so LOGIN_REDIRECT_URL is "/")."""
    if not request.user.is_authenticated:
        return render(request, "core/home.html", {"topics": Topic.objects.visible_to(request.user)})
    now = timezone.now()
    if is_instructor(request.user):
        return render(request, "core/today_instructor.html", {"today": instructor_today(request.user, now)})
    return render(request, "core/today_learner.html", {"today": learner_today(request.user, now)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
