"""The class form and the join form bound what they take and say so beside the field."""

import pytest
from django.urls import reverse

from studyapp.classes.forms import JoinForm
from studyapp.classes.models import CODE_LENGTH, Class, Membership
from tests.classes.factories import ClassFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["name", "description"])
def test_an_over_long_name_or_description_is_refused_beside_the_field(instructor_client, field):
    limit = Class._meta.get_field(field).max_length
    data = {"name": "Spring cohort", "description": ""} | {field: "n" * (limit + 1)}
    response = instructor_client.post(reverse("classes:create"), data, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert f'id="id_{field}_error"' in response.text and f"at most {limit} characters" in response.text
    assert f'maxlength="{limit}"' in response.text
    assert not Class.objects.exists()


def test_a_pasted_join_link_is_refused_with_a_hint(learner_client):
    klass = ClassFactory()
    link = f"http://testserver/classes/join/{klass.join_code}/"
    response = learner_client.post(reverse("classes:join"), {"code": link}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#join-form"
    assert f"A join code has {CODE_LENGTH} characters" in response.text
    assert f'maxlength="{JoinForm.base_fields["code"].max_length}"' in response.text
    assert not Membership.objects.exists()
