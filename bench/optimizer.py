"""Benchmark the per-learner FSRS optimizer on a real review log.

Usage::

    python bench/optimizer.py PATH_TO_CSV [--time-zone UTC] [--day-start-hour 4]
                              [--json OUT] [--anki]

The CSV is the common FSRS review-log layout, read as ONE learner's history::

    card_id,review_rating,review_time,review_duration
    1711684180217,3,2024-03-29T20:32:39.497000+00:00,7241

(``review_time`` ISO-8601 in UTC; ``review_duration`` in milliseconds, may be
empty; rows rated outside 1..4, e.g. manual reschedules, are skipped.)

It prints the size of the history, the held-out split (last 20 % of study
days), the fit time, and the log loss and RMSE(bins) of the FSRS default
parameters and of the fitted ones on the held-out reviews, plus fsrs-rs's
own ``evaluate_with_time_series_splits`` figure.

``--anki`` (needs ``pip install anki==26.9.3``; bench-only) also runs Anki's
own optimizer twice and evaluates its parameters with fsrs-rs-python on the
same held-out items: once on our training items (same Rust engine, so this
checks the engine and the call), and once on items Anki builds itself from
a throw-away collection holding the training days' reviews (this checks our
item building against Anki's: the item counts should agree). A sanity check,
not proof of a better model.

Runs without Django: the repo root is put on ``sys.path`` so that
``studyapp.study.optimize`` (pure Python) imports on its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from fsrs_rs_python import FSRS, FSRSItem  # noqa: E402

from studyapp.study.optimize import (  # noqa: E402
    FitResult,
    NotEnoughHistory,
    ReviewRecord,
    fit,
    prepare,
)
from studyapp.study.scheduling import learner_day  # noqa: E402


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip())
    # The layout says UTC; a time without an offset is taken to be UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load_csv(path: Path) -> tuple[list[ReviewRecord], int]:
    """The log's reviews, and how many rows were skipped (rating not 1..4)."""
    records: list[ReviewRecord] = []
    skipped = 0
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            rating = int(row["review_rating"])
            if rating not in (1, 2, 3, 4):
                skipped += 1
                continue
            card_id = row["card_id"].strip()
            duration = (row.get("review_duration") or "").strip()
            records.append(
                ReviewRecord(
                    card_id=int(card_id) if card_id.isdigit() else card_id,
                    rating=rating,
                    reviewed_at=_parse_time(row["review_time"]),
                    duration_ms=int(float(duration)) if duration else None,
                )
            )
    return records, skipped


# --------------------------------------------------------------------------
# Anki's optimizer (bench-only: pip install anki==26.9.3)
# --------------------------------------------------------------------------


def _use_time_zone(time_zone: str) -> None:
    """Put this process in the learner's time zone, for Anki.

    Anki counts days in the machine's local time (with its rollover hour),
    so TZ must be the learner's zone before its backend computes anything.
    """
    os.environ["TZ"] = time_zone
    time.tzset()


def anki_params_from_items(items: Sequence[tuple[tuple[int, int], ...]]) -> list[float]:
    """Anki's optimizer (its Rust backend, no collection needed) on our items."""
    from anki._backend import RustBackend  # noqa: PLC0415
    from anki.scheduler_pb2 import FsrsItem, FsrsReview  # noqa: PLC0415

    messages = [FsrsItem(reviews=[FsrsReview(rating=r, delta_t=d) for r, d in item]) for item in items]
    return list(RustBackend().compute_fsrs_params_from_items(messages).params)


def _revlog_rows(
    records: Sequence[ReviewRecord],
    zone: ZoneInfo,
    day_start_hour: int,
    card_ids: dict[int | str, int],
    before: date,
) -> list[tuple]:
    """revlog rows for the reviews on learner days before ``before``.

    The CSV has no review types, so they are made up the way Anki would have
    written them: the card's first day is learning (0), a same-day answer
    after Again is relearning (2), anything else review (1).
    """
    rows, used_ids, first_day, last = [], set(), {}, {}
    for r in sorted(records, key=lambda r: r.reviewed_at):
        day = learner_day(r.reviewed_at, zone, day_start_hour)
        if day >= before:
            continue
        if first_day.setdefault(r.card_id, day) == day:
            kind = 0
        else:
            kind = 2 if last.get(r.card_id) == (1, day) else 1
        revlog_id = int(r.reviewed_at.timestamp() * 1000)
        while revlog_id in used_ids:  # revlog ids are unique milliseconds
            revlog_id += 1
        used_ids.add(revlog_id)
        duration = min(r.duration_ms or 0, 60_000)  # Anki caps answer times at 60 s
        rows.append((revlog_id, card_ids[r.card_id], -1, r.rating, 0, 0, 0, duration, kind))
        last[r.card_id] = (r.rating, day)
    return rows


def anki_params_from_collection(
    records: Sequence[ReviewRecord], zone: ZoneInfo, day_start_hour: int, before: date
) -> tuple[list[float], int, float]:
    """Anki builds its own items from a collection holding the training days'
    reviews; returns its parameters, how many items it built and the seconds
    its optimizer took (not counting filling the collection)."""
    from anki.collection import Collection  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        col = Collection(os.path.join(folder, "bench.anki2"))
        try:
            prefs = col.get_preferences()
            prefs.scheduling.rollover = day_start_hour
            col.set_preferences(prefs)
            basic = col.models.by_name("Basic")
            card_ids = {}
            for card_id in dict.fromkeys(r.card_id for r in records):
                note = col.new_note(basic)
                note["Front"] = str(card_id)
                col.add_note(note, 1)
                card_ids[card_id] = note.cards()[0].id
            col.db.executemany(
                "insert into revlog (id,cid,usn,ease,ivl,lastIvl,factor,time,type) values (?,?,?,?,?,?,?,?,?)",
                _revlog_rows(records, zone, day_start_hour, card_ids, before),
            )
            started = time.perf_counter()
            response = col._backend.compute_fsrs_params(
                search="",
                current_params=[],
                ignore_revlogs_before_ms=0,
                num_of_relearning_steps=1,
                health_check=False,
            )
            return list(response.params), response.fsrs_items, time.perf_counter() - started
        finally:
            col.close()


def anki_figures(records: Sequence[ReviewRecord], time_zone: str, day_start_hour: int) -> dict:
    """Anki's optimizer on the same training data, judged on the same test items."""
    _use_time_zone(time_zone)
    zone = ZoneInfo(time_zone)
    prepared = prepare(records, zone, day_start_hour)
    before = prepared.first_test_day
    figures = {}
    started = time.perf_counter()
    params = anki_params_from_items([d.reviews for d in prepared.items if d.last_day < before])
    figures["our_items"] = _judged(params, time.perf_counter() - started, prepared.test)
    params, n_items, seconds = anki_params_from_collection(records, zone, day_start_hour, before)
    figures["collection"] = _judged(params, seconds, prepared.test)
    figures["collection"]["n_train_items"] = n_items
    return figures


def _judged(parameters: list[float], seconds: float, test: list[FSRSItem]) -> dict:
    evaluation = FSRS(parameters).evaluate(test)
    return {
        "parameters": parameters,
        "seconds": seconds,
        "log_loss": evaluation.log_loss,
        "rmse_bins": evaluation.rmse_bins,
    }


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def report(result: FitResult, skipped: int, anki: dict | None) -> str:
    lines = [
        f"reviews            {result.n_reviews:>10,}" + (f"  ({skipped} rows skipped)" if skipped else ""),
        f"items              {result.n_items:>10,}",
        f"study days         {result.n_days:>10,}",
        f"held out           last {result.n_test_days} days, from {result.first_test_day}",
        f"train / test items {result.n_train_items:>10,} / {result.n_test_items:,}",
        f"fit time           {result.seconds:>10.3f} s",
        "",
        "held-out later reviews      log loss   RMSE(bins)",
        f"  FSRS defaults             {result.default_log_loss:8.4f}   {result.default_rmse_bins:8.4f}",
        f"  fitted (ours)             {result.fitted_log_loss:8.4f}   {result.fitted_rmse_bins:8.4f}",
    ]
    if anki is not None:
        ours, col = anki["our_items"], anki["collection"]
        lines += [
            f"  Anki, on our train items  {ours['log_loss']:8.4f}   {ours['rmse_bins']:8.4f}"
            f"   (fit {ours['seconds']:.3f} s)",
            f"  Anki, own items from a    {col['log_loss']:8.4f}   {col['rmse_bins']:8.4f}"
            f"   (fit {col['seconds']:.3f} s;",
            f"    collection of the train days' revlog: {col['n_train_items']:,} items, ours {result.n_train_items:,})",
        ]
    if result.tss_log_loss is not None:
        lines += [
            "",
            "fsrs-rs evaluate_with_time_series_splits (all items, its own splits):",
            f"  log loss {result.tss_log_loss:.4f}   RMSE(bins) {result.tss_rmse_bins:.4f}",
        ]
    lines += ["", "fitted parameters: " + ", ".join(f"{p:.4f}" for p in result.parameters)]
    if anki is not None:
        for key, label in (("our_items", "Anki, our items:  "), ("collection", "Anki, collection: ")):
            lines.append(label + ", ".join(f"{p:.4f}" for p in anki[key]["parameters"]))
    verdict = "better" if result.fitted_is_better else "NOT better"
    lines.append(f"\nfitted parameters are {verdict} than the defaults on held-out log loss.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="review log in the FSRS CSV layout")
    parser.add_argument("--time-zone", default="UTC", help="learner's IANA time zone")
    parser.add_argument("--day-start-hour", type=int, default=4)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--anki", action="store_true", help="compare with Anki's optimizer")
    args = parser.parse_args(argv)

    zone = ZoneInfo(args.time_zone)
    records, skipped = load_csv(args.csv)
    try:
        result = fit(records, zone, args.day_start_hour, with_time_series_splits=True)
    except NotEnoughHistory as error:
        print(f"not enough history: {error}", file=sys.stderr)
        return 2
    anki = None
    if args.anki:
        try:
            anki = anki_figures(records, args.time_zone, args.day_start_hour)
        except ImportError:
            print("--anki needs: pip install anki==26.9.3", file=sys.stderr)
            return 2
    print(report(result, skipped, anki))
    if args.json:
        data = {
            "csv": str(args.csv),
            "time_zone": args.time_zone,
            "day_start_hour": args.day_start_hour,
            "skipped_rows": skipped,
            **result.to_dict(),
            "anki": anki,
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
