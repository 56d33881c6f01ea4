import pytest

from studyapp.core.bench import QueryCountMiddleware, page_floor, static_floor
from tests.factories import UserFactory


def test_the_floors_are_not_served_unless_bench_is_on(client):
    assert client.get("/bench/floor/static").status_code == 404


@pytest.mark.django_db
def test_the_static_floor_touches_neither_session_nor_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = static_floor(rf.get("/bench/floor/static"))
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_the_page_floor_loads_the_user_and_renders(client):
    user = UserFactory(username="floor")
    client.force_login(user)
    request = client.get("/").wsgi_request  # a request carrying the session
    request.user = user
    response = page_floor(request)
    assert b"Hello floor" in response.content


@pytest.mark.django_db
def test_the_query_counter_reports_queries_in_a_header(rf):
    from django.contrib.auth.models import User

    def view(request):
        User.objects.count()
        User.objects.count()
        from django.http import HttpResponse

        return HttpResponse("x")

    assert QueryCountMiddleware(view)(rf.get("/"))["X-Queries"] == "2"
