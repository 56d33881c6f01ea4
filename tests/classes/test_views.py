"""Classes: creating one, joining by code or link, the roster, removing a learner, a new code."""

import pytest
from django.urls import reverse

from studyapp.classes.models import Class, Membership
from tests.classes.factories import ClassFactory
from tests.factories import UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def klass(instructor) -> Class:
    return ClassFactory(instructor=instructor, name="Evening cohort")


def test_an_instructor_creates_a_class_with_a_join_code(instructor_client, instructor):
    response = instructor_client.post(reverse("classes:create"), {"name": "Spring cohort", "description": "Tuesdays"})
    klass = Class.objects.get()
    assert response.url == klass.get_absolute_url()
    assert klass.instructor == instructor and len(klass.join_code) == 8
    page = instructor_client.get(response.url).text
    assert klass.join_code in page and f"http://testserver/classes/join/{klass.join_code}/" in page


def test_an_invalid_class_comes_back_by_htmx_with_its_errors(instructor_client):
    response = instructor_client.post(reverse("classes:create"), {"name": ""}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text and "errorlist" in response.text
    assert not Class.objects.exists()


def test_learners_cannot_create_classes(learner_client):
    assert learner_client.post(reverse("classes:create"), {"name": "Mine"}).status_code == 403


def test_a_learner_joins_with_the_code_forgiving_case_and_spaces(learner_client, learner, klass):
    code = klass.join_code.lower()
    response = learner_client.post(reverse("classes:join"), {"code": f" {code[:4]}-{code[4:]} "})
    assert response.url == reverse("classes:list")
    assert Membership.objects.filter(klass=klass, learner=learner).exists()
    assert klass.name in learner_client.get(reverse("classes:list")).text


def test_a_wrong_code_is_refused_by_htmx_in_the_form(learner_client):
    response = learner_client.post(reverse("classes:join"), {"code": "NOPE1234"}, **HTMX)
    assert response.status_code == 200 and "No class has that code" in response.text
    assert response["HX-Retarget"] == "#join-form"


def test_the_join_link_asks_before_joining(learner_client, learner, klass):
    url = reverse("classes:join-code", args=[klass.join_code])
    assert learner_client.get(url).status_code == 200
    assert not Membership.objects.exists()  # GET never joins
    learner_client.post(url)
    assert Membership.objects.filter(klass=klass, learner=learner).exists()
    learner_client.post(url)  # twice is harmless
    assert Membership.objects.count() == 1


def test_the_join_link_sends_visitors_to_log_in_first(client, klass):
    url = reverse("classes:join-code", args=[klass.join_code])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")


def test_a_learner_can_be_in_several_classes(learner_client, learner, klass):
    other = ClassFactory(name="Weekend cohort")
    for each in (klass, other):
        learner_client.post(reverse("classes:join"), {"code": each.join_code})
    assert set(Class.objects.joined_by(learner)) == {klass, other}


def test_the_roster_lists_members_and_the_instructor_removes_one(instructor_client, klass):
    ana, ben = UserFactory(username="ana"), UserFactory(username="ben")
    for learner in (ana, ben):
        klass.add_learner(learner)
    page = instructor_client.get(klass.get_absolute_url()).text
    assert "ana" in page and "ben" in page
    membership = Membership.objects.get(learner=ana)
    response = instructor_client.post(reverse("classes:remove-member", args=[klass.pk, membership.pk]), **HTMX)
    assert response.status_code == 200 and response.text == ""
    assert list(klass.memberships.values_list("learner__username", flat=True)) == ["ben"]


def test_a_new_code_replaces_the_old_one(instructor_client, learner_client, klass):
    old = klass.join_code
    response = instructor_client.post(reverse("classes:regenerate-code", args=[klass.pk]), **HTMX)
    klass.refresh_from_db()
    assert klass.join_code != old and klass.join_code in response.text and "<html" not in response.text
    assert learner_client.get(reverse("classes:join-code", args=[old])).status_code == 404


def test_another_instructor_gets_404_on_the_class(other_instructor_client, klass):
    membership = klass.add_learner(UserFactory())[0]
    assert other_instructor_client.get(klass.get_absolute_url()).status_code == 404
    assert other_instructor_client.post(reverse("classes:regenerate-code", args=[klass.pk])).status_code == 404
    assert (
        other_instructor_client.post(reverse("classes:remove-member", args=[klass.pk, membership.pk])).status_code
        == 404
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_changes_need_a_post(instructor_client, klass):
    assert instructor_client.get(reverse("classes:regenerate-code", args=[klass.pk])).status_code == 405


def test_the_instructor_does_not_join_their_own_class(instructor_client, instructor, klass):
    instructor_client.post(reverse("classes:join"), {"code": klass.join_code})
    assert not Membership.objects.filter(learner=instructor).exists()


def test_a_learner_leaves_a_class(learner_client, learner, klass):
    klass.add_learner(learner)
    learner_client.post(reverse("classes:leave", args=[klass.pk]))
    assert not Membership.objects.exists()
