import importlib.util

import pytest
from django.contrib.auth.models import User
from django.core.management import get_commands
from django.http import HttpResponse

from bench.benchapp.middleware import QueryCountMiddleware
from bench.benchapp.views import static_floor
from tests.factories import UserFactory


def test_production_serves_no_floor_pages(client):
    assert client.get("/bench/floor/static").status_code == 404


def test_production_has_neither_the_bench_code_nor_its_command():
    assert importlib.util.find_spec("studyapp.core.bench") is None
    assert "seed_bench" not in get_commands()


def test_the_bench_settings_leave_production_settings_as_they_were(settings):
    import bench.settings

    assert "bench.benchapp" in bench.settings.INSTALLED_APPS
    assert "bench.benchapp" not in settings.INSTALLED_APPS
    assert not any(name.startswith("bench.") for name in settings.MIDDLEWARE)


@pytest.mark.django_db
def test_the_bench_settings_serve_the_floors_with_a_query_count(bench_settings, client):
    response = client.get("/bench/floor/static")
    assert response.status_code == 200
    assert response["X-Queries"] == "0"
    assert "seed_bench" in get_commands()


@pytest.mark.django_db
def test_the_bench_settings_still_serve_the_site(bench_settings, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["X-Queries"] == "1"  # the health check's SELECT 1


@pytest.mark.django_db
def test_the_static_floor_touches_neither_session_nor_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = static_floor(rf.get("/bench/floor/static"))
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_the_page_floor_loads_the_user_and_renders(bench_settings, client):
    user = UserFactory(username="floor")
    client.force_login(user)
    response = client.get("/bench/floor/page")
    assert b"Hello floor" in response.content


@pytest.mark.django_db
def test_the_query_counter_reports_queries_in_a_header(rf):
    def view(request):
        User.objects.count()
        User.objects.count()
        return HttpResponse("x")

    assert QueryCountMiddleware(view)(rf.get("/"))["X-Queries"] == "2"
