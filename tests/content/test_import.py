import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from studyapp.cards.models import Card
from studyapp.content.models import Topic


@pytest.fixture
def content_copy(tmp_path, settings):
    target = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, target)
    return target


def snapshot() -> list[tuple]:
    return list(Topic.objects.order_by("slug").values_list("slug", "source_hash", "html", "updated_at", "archived"))


def run_import(path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_content", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_every_topic_in_order(content_copy):
    output = run_import(content_copy)
    assert "5 created" in output
    assert list(Topic.objects.values_list("slug", flat=True)) == [
        "serverless-offerings",
        "lambda",
        "dynamodb",
        "api-gateway",
        "cognito",
    ]


@pytest.mark.django_db
def test_a_second_run_reports_everything_unchanged_and_writes_nothing(content_copy, django_assert_max_num_queries):
    run_import(content_copy)
    before = snapshot()
    # Reads of the topics and of each topic's cards (plus savepoints); no insert or update.
    with django_assert_max_num_queries(12) as queries:
        output = run_import(content_copy)
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert "0 created, 0 updated, 5 unchanged" in output
    assert "Cards: 0 created, 0 updated, " in output and " unchanged, 0 retired" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_an_edited_topic_is_updated(content_copy):
    run_import(content_copy)
    lambda_file = content_copy / "02-lambda.md"
    lambda_file.write_text(lambda_file.read_text().replace("900 seconds", "901 seconds"))
    output = run_import(content_copy)
    assert "1 updated, 4 unchanged" in output
    assert "901 seconds" in Topic.objects.get(slug="lambda").html


@pytest.mark.django_db
def test_an_unreadable_file_stops_the_import_with_file_and_line_and_changes_nothing(content_copy):
    run_import(content_copy)
    before = snapshot()
    (content_copy / "02-lambda.md").write_text(
        (content_copy / "02-lambda.md").read_text().replace("900 seconds", "901 seconds")
    )
    broken = content_copy / "06-broken.md"
    broken.write_text("# Broken\n\n- fine\n- not\x00 fine\n")
    with pytest.raises(CommandError) as error:
        run_import(content_copy)
    assert str(error.value) == f"{broken}:4: invisible character U+0000 is not allowed; delete it"
    assert snapshot() == before


@pytest.mark.django_db
def test_notes_without_front_matter_import_with_warnings_for_what_makes_no_card(content_copy, capsys):
    (content_copy / "step-functions.md").write_text(
        "# Step Functions\n\nStep Functions runs state machines.\n\n## Limits\n\n"
        "- Maximum execution time: 1 year\n-\n- [the docs](https://example.com)\n"
    )
    (content_copy / "kinesis.txt").write_text("Kinesis\n    Shards: units of throughput\n    Retention: 24 hours\n")
    out = StringIO()
    call_command("import_content", str(content_copy), stdout=out)
    step = Topic.objects.get(slug="step-functions")
    # No number in the file name: after the numbered files, by file name.
    assert (Topic.objects.get(slug="kinesis").order, step.title, step.order) == (6, "Step Functions", 7)
    assert "Maximum execution time" in step.html and Card.objects.filter(topic=step).exists()
    warnings = capsys.readouterr().err.splitlines()
    assert [line.split(": warning: ")[0].rsplit("/", 1)[-1] for line in warnings] == [
        "step-functions.md:8",
        "step-functions.md:9",
    ]


@pytest.mark.django_db
def test_a_duplicate_slug_is_an_error(content_copy):
    duplicate = content_copy / "06-copy.md"
    duplicate.write_text((content_copy / "02-lambda.md").read_text())
    with pytest.raises(CommandError, match=r"06-copy.md:4: duplicate slug 'lambda' \(also used by .*02-lambda.md:4\)"):
        run_import(content_copy)
    assert Topic.objects.count() == 0


@pytest.mark.django_db
def test_an_unreadable_encoding_is_an_error(content_copy):
    (content_copy / "06-latin1.md").write_bytes("---\ntitle: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"06-latin1.md:2: not valid UTF-8"):
        run_import(content_copy)


def test_the_command_exits_non_zero_on_a_broken_file(tmp_path):
    import subprocess
    import sys

    (tmp_path / "bad.md").write_bytes("# Caf\u00e9\n".encode("latin-1"))
    result = subprocess.run(
        [sys.executable, "manage.py", "import_content", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "bad.md:1: not valid UTF-8" in result.stderr


@pytest.mark.django_db
def test_a_topic_removed_from_the_folder_is_archived_not_deleted(content_copy):
    run_import(content_copy)
    (content_copy / "05-cognito.md").unlink()
    output = run_import(content_copy)
    assert "1 archived" in output
    cognito = Topic.objects.get(slug="cognito")
    assert cognito.archived
    assert "cognito" not in Topic.objects.visible().values_list("slug", flat=True)


# Site topics only: the import never touches a topic made in the browser


@pytest.mark.django_db
def test_the_import_leaves_topics_made_in_the_browser_alone(content_copy):
    from tests.factories import OwnedTopicFactory

    mine = OwnedTopicFactory(slug="my-notes", title="My notes")
    output = run_import(content_copy)
    mine.refresh_from_db()
    assert not mine.archived and mine.owner is not None and "my-notes" not in output
    assert not Card.objects.filter(topic=mine).exists()  # its cards sync when its owner saves, not here


@pytest.mark.django_db
def test_a_file_wanting_a_slug_a_browser_topic_holds_is_refused_at_its_line(content_copy):
    from tests.factories import OwnedTopicFactory

    OwnedTopicFactory(slug="kinesis", title="Kinesis, mine")
    (content_copy / "06-kinesis.md").write_text("---\ntitle: Kinesis\nslug: kinesis\n---\n\n- Shards: units\n")
    with pytest.raises(CommandError, match=r"06-kinesis.md:3: slug 'kinesis' is taken by \"Kinesis, mine\", a topic"):
        run_import(content_copy)
    assert not Topic.objects.filter(owner=None).exists()


@pytest.mark.django_db
def test_a_topic_staff_made_a_site_topic_waits_for_its_file_then_the_file_takes_it_over(content_copy):
    from tests.factories import OwnedTopicFactory

    promoted = OwnedTopicFactory(slug="kinesis", title="Kinesis")
    promoted.make_site_topic()
    run_import(content_copy)
    promoted.refresh_from_db()
    assert not promoted.archived and promoted.source_text  # no file yet: kept, not archived
    (content_copy / "06-kinesis.txt").write_text("Kinesis\n    Shards: units of throughput\n")
    run_import(content_copy)
    promoted.refresh_from_db()
    assert (promoted.source_text, promoted.source_format, promoted.order) == ("", "outline", 6)
    assert "Shards" in promoted.html
