import pytest

from bench import run


def test_the_server_and_commands_run_with_the_bench_settings():
    assert run.server_env("sqlite:///x.sqlite3", 0)["DJANGO_SETTINGS_MODULE"] == "bench.settings"
    assert run.manage_env("sqlite:///x.sqlite3")["DJANGO_SETTINGS_MODULE"] == "bench.settings"


def test_the_review_log_is_only_ever_the_one_given():
    assert run.parse_args([]).review_log is None


def test_a_missing_review_log_is_refused_before_the_run(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run.parse_args(["--review-log", str(tmp_path / "absent.csv")])
    assert "absent.csv: no such file" in capsys.readouterr().err


def test_without_a_review_log_the_optimizer_is_skipped_with_a_note():
    notes = []
    assert run.optimizer_figures(notes.append, None) is None
    assert notes == ["optimizer: skipped — no review log given (--review-log PATH, a CSV of FSRS review logs)"]
