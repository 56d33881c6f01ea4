"""The facility–discrimination chart: dots where the figures say, and the numbers as text."""

import re

from studyapp.quizzes.item_chart import ItemPoint, item_chart, x_for, y_for

# The plot runs from x = 44 to 348 (304 wide) and from y = 10 (discrimination 100) to 214 (-100).


def circles(svg: str) -> list[tuple[str, str]]:
    return re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)


def test_the_axes_map_facility_across_and_discrimination_up():
    assert x_for(0) == 44 and x_for(25) == 120 and x_for(50) == 196 and x_for(100) == 348
    assert y_for(100) == 10 and y_for(50) == 61 and y_for(0) == 112 and y_for(-100) == 214


def test_each_question_is_a_labelled_dot_where_its_figures_say():
    svg = item_chart([ItemPoint("Q1", 50, 50), ItemPoint("Q2", 25, -100)])
    assert circles(svg) == [("196", "61"), ("120", "214")]
    assert '<text x="202" y="64.5" text-anchor="start">Q1</text>' in svg  # 6 to the right, centred on the dot
    assert "<title>Q2: facility 25%, discrimination -100</title>" in svg
    assert svg.count('class="item-point flawed"') == 1  # Q2's negative discrimination


def test_the_chart_has_a_title_and_a_description_with_every_number():
    svg = item_chart([ItemPoint("Q1", 50, 50), ItemPoint("Q2", 100, None)], chart_id="c")
    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Facility against discrimination, by question</title>' in svg
    desc = re.search(r'<desc id="c-desc">(.*?)</desc>', svg).group(1)
    assert "Q1: facility 50%, discrimination +50." in desc
    assert "Not placed, their discrimination is undefined: Q2." in desc
    assert len(circles(svg)) == 1


def test_questions_with_the_same_figures_share_a_dot_and_a_label():
    svg = item_chart([ItemPoint("Q1", 67, 16), ItemPoint("Q2", 67, 16), ItemPoint("Q3", 50, 24)])
    assert len(circles(svg)) == 2
    assert ">Q1, Q2</text>" in svg
    assert "<title>Q1: facility 67%, discrimination +16; Q2: facility 67%, discrimination +16</title>" in svg


def test_a_label_near_the_right_edge_goes_left_of_its_dot():
    svg = item_chart([ItemPoint("Q1", 100, 0)])
    assert '<text x="342" y="115.5" text-anchor="end">Q1</text>' in svg


def test_the_regions_are_drawn_at_moodles_thresholds():
    svg = item_chart([])
    # Weak discrimination: from 20 (y = 10 + 204 · 80/200 = 91.6) down to the bottom (214).
    assert '<rect class="zone-weak" x="44" y="91.6" width="304" height="122.4"/>' in svg
    # Hard up to a facility of 20 (x = 44 + 60.8 = 104.8), easy from 80 (x = 287.2).
    assert '<rect class="zone-extreme" x="44" y="10" width="60.8" height="204"/>' in svg
    assert '<rect class="zone-extreme" x="287.2" y="10" width="60.8" height="204"/>' in svg
    assert "No question can be placed yet." in svg


def test_labels_are_escaped():
    svg = item_chart([ItemPoint("<Q1>", 50, 50)])
    assert "&lt;Q1&gt;" in svg and "<Q1>" not in svg
