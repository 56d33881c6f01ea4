"""A card's text cannot become a formula in the learner's spreadsheet."""

import csv
from io import StringIO

import pytest

from tests.factories import CardFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_the_csv_download_neutralises_text_that_starts_a_formula(learner_client):
    topic = TopicFactory(slug="formulas")
    CardFactory(topic=topic, front='=HYPERLINK("http://evil.example","open")', back="+1", section="@home")
    rows = list(csv.DictReader(StringIO(learner_client.get("/topics/formulas/cards/export.csv").content.decode())))
    assert [(row["front"], row["back"], row["section"]) for row in rows] == [
        ('\'=HYPERLINK("http://evil.example","open")', "'+1", "'@home"),
    ]
