"""The SVG chart module: pure functions, no database."""

import re
from datetime import date, timedelta

from studyapp.progress.charts import Bar, bar_chart, heat_level, heatmap, nice_max


def test_nice_max_rounds_up_to_1_2_5_steps():
    assert [nice_max(v) for v in (0, 1, 3, 7, 19, 20, 21, 260)] == [1, 1, 5, 10, 20, 20, 50, 500]


def test_heat_levels_split_the_busiest_day_in_quarters():
    assert [heat_level(n, 40) for n in (0, 1, 10, 11, 20, 21, 30, 31, 40)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert heat_level(5, 0) == 0


def test_a_bar_chart_is_a_titled_image_with_one_group_per_bar():
    bars = [Bar("1", "Mon: 3 reviews", (2, 1)), Bar("", "Tue: 0 reviews", (0, 0)), Bar("3", "Wed <b>", (5, 0))]
    svg = bar_chart(bars, chart_id="c", title="Reviews & more", description="8 reviews", series=("a", "b"))
    assert svg.startswith('<svg class="chart bar-chart" viewBox="0 0 360 170"')
    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Reviews &amp; more</title><desc id="c-desc">8 reviews</desc>' in svg
    assert "<title>Wed &lt;b&gt;</title>" in svg  # escaped
    assert len(re.findall(r'<rect class="a"', svg)) == 2 and len(re.findall(r'<rect class="b"', svg)) == 1
    assert svg.count('class="hit"') == 1  # the empty day keeps a tooltip target
    assert ">5</text>" in svg  # the y axis tops at nice_max(5) = 5
    assert "style=" not in svg


def test_a_bar_height_is_proportional_to_its_value():
    svg = bar_chart([Bar("", "", (10,)), Bar("", "", (5,))], chart_id="c", title="t", description="d")
    heights = [float(h) for h in re.findall(r'<rect class="bar" [^>]*height="([\d.]+)"', svg)]
    assert heights == [142.0, 71.0]  # plot height 170 - 8 - 20 = 142; 5 of 10 is half


def test_a_heatmap_has_one_cell_per_day_in_week_columns():
    first, last = date(2026, 1, 5), date(2026, 3, 10)  # a Monday to a Tuesday: 65 days, 10 weeks
    svg = heatmap({date(2026, 3, 10): 4, date(2026, 3, 9): 1}, first, last, chart_id="h", title="Year", description="5")
    assert svg.count("<rect ") == (last - first).days + 1
    assert 'class="hm-4"' in svg and "<title>Tue 10 Mar 2026: 4 reviews</title>" in svg
    assert "<title>Mon 9 Mar 2026: 1 review</title>" in svg
    assert svg.count('class="hm-0"') == 63
    assert ">Feb</text>" in svg and ">Mar</text>" not in svg  # no month label squeezed into the last columns
    assert 'viewBox="0 0 146 98"' in svg  # 26 + 10 weeks × 12, 14 + 7 × 12


def test_a_heatmap_starts_its_first_column_on_a_monday():
    svg = heatmap({}, date(2026, 3, 4), date(2026, 3, 10), chart_id="h", title="t", description="d")
    assert svg.count("<rect ") == 9  # Mon 2 Mar .. Tue 10 Mar
    assert "Mon 2 Mar 2026" in svg and "Sun 1 Mar" not in svg
    assert date(2026, 3, 2) + timedelta(days=8) == date(2026, 3, 10)
