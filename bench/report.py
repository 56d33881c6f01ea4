"""bench/results.md from bench/results.json: the tables and the goals, each met or missed."""

from __future__ import annotations

from collections import defaultdict


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _spread(slices: list[dict], group: str, key: str) -> str:
    values = [s[group][key] for s in slices if s[group][key] is not None]
    return f"{min(values):.2f}–{max(values):.2f}" if values else "–"


def scenario_table(runs: list[dict]) -> list[str]:
    lines = [
        "| DB | size | scenario | p50 ms | p95 ms | p99 ms | req/s | p50 × page floor | req/s ÷ page floor "
        "| p50 × static floor | req/s ÷ static floor | per slice: p50 × page | per slice: req/s ÷ page "
        "| SQL/req | errors |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        for name, result in run.get("scenarios", {}).items():
            p, s = result["pooled"], result["pooled"]["scenario"]
            queries = f"{_fmt(s['queries_mean'])} (max {s['queries_max']})"
            lines.append(
                f"| {run['db']} | {run['size']} | {name} | {_fmt(s['p50_ms'])} | {_fmt(s['p95_ms'])} "
                f"| {_fmt(s['p99_ms'])} | {_fmt(s['rps'])} | {_fmt(p['vs_page']['p50_x'], 2)} "
                f"| {_fmt(p['vs_page']['rps_share'], 2)} | {_fmt(p['vs_static']['p50_x'], 2)} "
                f"| {_fmt(p['vs_static']['rps_share'], 2)} | {_spread(result['slices'], 'vs_page', 'p50_x')} "
                f"| {_spread(result['slices'], 'vs_page', 'rps_share')} | {queries} | {s['errors']} |"
            )
    return lines


def floor_table(runs: list[dict]) -> list[str]:
    lines = [
        "| DB | size | static p50 ms | static req/s | page p50 ms | page req/s | page SQL/req "
        "| peak RSS per worker MB | driver CPU µs/req | seed s (cached) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        scenarios = run.get("scenarios", {})
        rss = " / ".join(_fmt(v) for v in run.get("worker_peak_rss_mb", []))
        seed = run["seed"]
        seed_text = f"{seed['seed_seconds']}{' (cached)' if seed.get('cached') else ''}"
        if not scenarios:
            heavy = run.get("heavy_dashboard")
            lines.append(
                f"| {run['db']} | {run['size']} | – | – | – | – | – | {rss} "
                f"| {_fmt(heavy and heavy['driver_cpu_us_per_request'], 0)} | {seed_text} |"
            )
            continue
        static = [r["pooled"]["static"] for r in scenarios.values()]
        page = [r["pooled"]["page"] for r in scenarios.values()]
        cpu = [r["pooled"]["scenario"]["driver_cpu_us_per_request"] for r in scenarios.values()]
        cpu += [f["driver_cpu_us_per_request"] for f in static + page]
        lines.append(
            f"| {run['db']} | {run['size']} "
            f"| {_median(f['p50_ms'] for f in static)} | {_median(f['rps'] for f in static)} "
            f"| {_median(f['p50_ms'] for f in page)} | {_median(f['rps'] for f in page)} "
            f"| {_fmt(page[0]['queries_mean'])} | {rss} | {_median(cpu)} | {seed_text} |"
        )
    return lines


def _median(values) -> str:
    values = sorted(v for v in values if v is not None)
    if not values:
        return "–"
    mid = len(values) // 2
    value = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    return _fmt(float(value))


LOOPS = ("grade", "study-loop", "study-loop-new")  # the study loop: grades alone, and show-then-grade


def _loop_goals(row, name: str, where: str, result: dict) -> None:
    p = result["pooled"]
    row(
        f"{name} at 32 learners: no errors",
        where,
        f"{p['scenario']['errors']} errors of {p['scenario']['requests']}",
        p["scenario"]["errors"] == 0,
    )
    # Otherwise some "grades" were refused posts of learners with nothing left to study: not the round trip.
    row(
        f"{name}: every request a real answer (no queue ran dry)",
        where,
        f"{result.get('dry_queues', 0)} dry, {p['scenario'].get('rejected', 0)} refused",
        not result.get("dry_queues") and not p["scenario"].get("rejected"),
    )
    share, times = p["vs_page"]["rps_share"], p["vs_page"]["p50_x"]
    row(f"{name}: req/s ≥ 0.5 × page floor", where, _fmt(share, 2), (share or 0) >= 0.5)
    row(f"{name}: p50 ≤ 2.5 × page floor", where, _fmt(times, 2), (times or 99) <= 2.5)


def goals(results: dict) -> list[str]:
    runs = results["runs"]
    lines = ["| goal | where | figure | met? |", "|---|---|---|---|"]

    def row(goal, where, figure, met):
        lines.append(f"| {goal} | {where} | {figure} | {'yes' if met else '**no**'} |")

    by_key = {(run["db"], run["size"]): run for run in runs}
    for run in runs:
        for name in LOOPS:
            loop = run.get("scenarios", {}).get(name)
            if loop:
                _loop_goals(row, name, f"{run['db']} {run['size']}", loop)
        if run["size"] == "100x":
            for name in ("dashboard", "class-view"):
                if result := run.get("scenarios", {}).get(name):
                    share = result["pooled"]["vs_page"]["rps_share"]
                    row(f"{name} at 100x: req/s ≥ 0.3 × page floor", run["db"], _fmt(share, 2), (share or 0) >= 0.3)
    for db in ("sqlite", "postgres"):
        small, big = by_key.get((db, "1x")), by_key.get((db, "100x"))
        if not (small and big):
            continue
        for name, result in big.get("scenarios", {}).items():
            base = small.get("scenarios", {}).get(name)
            if not base:
                continue
            raw = result["pooled"]["scenario"]["p50_ms"] / base["pooled"]["scenario"]["p50_ms"]
            normal = result["pooled"]["vs_page"]["p50_x"] / base["pooled"]["vs_page"]["p50_x"]
            row(
                "100x data: p50 ≤ 1.2 × 1x (floor-normalised; raw beside)",
                f"{db} {name}",
                f"{normal:.2f} (raw {raw:.2f})",
                normal <= 1.2,
            )
    limits = {"grade": 8, "dashboard": 15}
    queries = defaultdict(dict)
    for run in runs:
        for name, result in run.get("scenarios", {}).items():
            queries[(run["db"], name)][run["size"]] = result["pooled"]["scenario"]["queries_max"]
    for (db, name), per_size in sorted(queries.items()):
        if len(per_size) < 2 and name not in limits:
            continue
        figure = ", ".join(f"{size}: {n}" for size, n in per_size.items())
        constant = len(set(per_size.values())) == 1
        limit = limits.get(name)
        met = constant and (limit is None or max(per_size.values()) <= limit)
        row(f"SQL/request constant in data size{f' and ≤ {limit}' if limit else ''}", f"{db} {name}", figure, met)
    for run in runs:
        heavy = run.get("heavy_dashboard")
        if heavy:
            row(
                "dashboard of a learner with 100,000 reviews < 150 ms (one request at a time)",
                run["db"],
                f"p50 {heavy['p50_ms']} ms, p95 {heavy['p95_ms']} ms, {heavy['queries_max']} queries",
                heavy["p50_ms"] < 150,
            )
    peak = max((v for run in runs for v in run.get("worker_peak_rss_mb", [])), default=None)
    if peak is not None:
        row("peak RSS of a gunicorn worker < 150 MB", "all runs", f"{peak} MB", peak < 150)
    optimizer = results.get("optimizer")
    if optimizer and "error" not in optimizer:
        lines.extend(_optimizer_rows(optimizer))
    return lines


def _optimizer_rows(o: dict) -> list[str]:
    rows = []
    fit_seconds = o.get("seconds")
    if fit_seconds is not None:
        rows.append(
            f"| optimizer fit < 1 s | {o.get('n_reviews', '?'):,} reviews | {fit_seconds:.3f} s "
            f"| {'yes' if fit_seconds < 1 else '**no**'} |"
        )
    ours = o.get("fitted_log_loss")
    for key, label in (("collection", "Anki's own items"), ("our_items", "Anki on our items")):
        anki = (o.get("anki") or {}).get(key)
        if ours is None or not anki:
            continue
        gap = ours - anki["log_loss"]
        rows.append(
            f"| held-out log loss within 0.005 of Anki's optimizer | {label}, same split "
            f"| ours {ours:.4f}, Anki {anki['log_loss']:.4f} (Δ {gap:+.4f}) | {'yes' if gap <= 0.005 else '**no**'} |"
        )
    return rows


def write_markdown(results: dict) -> str:
    m = results["machine"]
    out = [
        "# Benchmark results",
        "",
        f"Run {results['started']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB "
        f"(server and driver share them); Python {m['python']}, SQLite {m['sqlite']}. "
        f"{results['rounds']} rounds of {results['slice_seconds']:g}-second slices (static floor, page floor, "
        f"scenario) per scenario, 32 concurrent learners, gunicorn -w 2, DEBUG off. Total {results['seconds']} s.",
        "",
        "## Scenarios",
        "",
        *scenario_table(results["runs"]),
        "",
        "Ratios are pooled over the rounds; the per-slice columns give the range over rounds "
        "(each scenario slice against the floor slices just before it).",
        "",
        "## Floors, memory, driver",
        "",
        *floor_table(results["runs"]),
        "",
        "## Goals",
        "",
        *goals(results),
        "",
    ]
    optimizer = results.get("optimizer")
    if optimizer:
        out += ["## Optimizer", "", "```", _optimizer_text(optimizer), "```", ""]
    return "\n".join(out)


def _optimizer_text(o: dict) -> str:
    if "error" in o:
        return o["error"]
    lines = [
        f"reviews {o.get('n_reviews')}, train / test items {o.get('n_train_items')} / {o.get('n_test_items')}, "
        f"fit {o.get('seconds', 0):.3f} s",
        f"held-out log loss: defaults {o.get('default_log_loss'):.4f}, fitted {o.get('fitted_log_loss'):.4f}",
        f"held-out RMSE(bins): defaults {o.get('default_rmse_bins'):.4f}, fitted {o.get('fitted_rmse_bins'):.4f}",
    ]
    for key, label in (("our_items", "Anki on our train items"), ("collection", "Anki on its own items")):
        anki = (o.get("anki") or {}).get(key)
        if anki:
            lines.append(
                f"{label}: log loss {anki['log_loss']:.4f}, RMSE(bins) {anki['rmse_bins']:.4f}, "
                f"fit {anki['seconds']:.3f} s"
            )
    return "\n".join(lines)
