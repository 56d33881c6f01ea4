import pytest

from bench.stats import Slice, percentile, pool, ratios


def test_percentiles_interpolate_between_ranks():
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 50) == 2.5
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) is None


def test_a_slice_counts_rate_errors_and_queries():
    s = Slice("grade", 0, seconds=2.0)
    for latency in (0.010, 0.020, 0.030):
        s.record(latency, True, 8)
    s.record(0.040, False, None)
    summary = s.summary()
    assert summary["requests"] == 4 and summary["errors"] == 1
    assert summary["rps"] == 2.0
    assert summary["p50_ms"] == 25.0
    assert summary["queries_mean"] == 8 and summary["queries_max"] == 8


def test_pooling_joins_latencies_and_adds_times():
    a, b = Slice("x", 0, [0.01, 0.01], seconds=1.0), Slice("x", 1, [0.03, 0.03], seconds=3.0)
    pooled = pool([a, b])
    assert pooled["requests"] == 4 and pooled["rps"] == 1.0 and pooled["p50_ms"] == 20.0


def test_ratios_compare_with_a_floor():
    scenario = {"p50_ms": 30.0, "p95_ms": 60.0, "p99_ms": 90.0, "rps": 50.0}
    floor = {"p50_ms": 10.0, "p95_ms": 20.0, "p99_ms": 30.0, "rps": 200.0}
    assert ratios(scenario, floor) == pytest.approx({"p50_x": 3.0, "p95_x": 3.0, "p99_x": 3.0, "rps_share": 0.25})
