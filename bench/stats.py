"""Figures of a load run: percentiles, per-slice and pooled summaries, ratios to the floors.

Pure Python, no Django or aiohttp, so the arithmetic has fast tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation between closest ranks; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Slice:
    """One short stretch of one kind of traffic: every request's latency (s) and what came back."""

    kind: str  # a floor ("static", "page") or a scenario name
    round: int
    latencies: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: int = 0
    rejected: int = 0  # answered 200 but refused the action (a stale token, a closed attempt)
    seconds: float = 0.0  # wall time from the first request sent to the last answer read
    driver_cpu: float = 0.0  # the driver's CPU seconds over the slice

    def record(self, latency: float, ok: bool, queries: int | None) -> None:
        self.latencies.append(latency)
        if not ok:
            self.errors += 1
        if queries is not None:
            self.queries.append(queries)

    def summary(self) -> dict:
        return summarize(self.latencies, self.queries, self.errors, self.rejected, self.seconds, self.driver_cpu)


def summarize(
    latencies: Sequence[float], queries: Sequence[int], errors: int, rejected: int, seconds: float, driver_cpu: float
) -> dict:
    n = len(latencies)
    ms = lambda v: None if v is None else round(v * 1000, 2)  # noqa: E731
    return {
        "requests": n,
        "errors": errors,
        "rejected": rejected,
        "p50_ms": ms(percentile(latencies, 50)),
        "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)),
        "rps": round(n / seconds, 1) if seconds else None,
        "queries_mean": round(sum(queries) / len(queries), 2) if queries else None,
        "queries_max": max(queries) if queries else None,
        "driver_cpu_us_per_request": round(driver_cpu / n * 1e6) if n else None,
        "seconds": round(seconds, 2),
    }


def pool(slices: Sequence[Slice]) -> dict:
    """One summary over several slices of the same kind: all latencies together, rate over their total time."""
    return summarize(
        [v for s in slices for v in s.latencies],
        [v for s in slices for v in s.queries],
        sum(s.errors for s in slices),
        sum(s.rejected for s in slices),
        sum(s.seconds for s in slices),
        sum(s.driver_cpu for s in slices),
    )


def ratios(scenario: dict, floor: dict) -> dict:
    """How the scenario compares with a floor: its p50 as a multiple, its throughput as a fraction."""

    def div(a, b):
        return round(a / b, 3) if a is not None and b else None

    return {
        "p50_x": div(scenario["p50_ms"], floor["p50_ms"]),
        "p95_x": div(scenario["p95_ms"], floor["p95_ms"]),
        "p99_x": div(scenario["p99_ms"], floor["p99_ms"]),
        "rps_share": div(scenario["rps"], floor["rps"]),
    }
