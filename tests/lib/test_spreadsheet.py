import csv
import io

import pytest

from studyapp.lib import spreadsheet


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
def test_it_neutralises_text_that_starts_a_formula(text):
    assert spreadsheet.safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Lambda", "a=b", "", 3, -1.5, None])
def test_it_leaves_other_cells_alone(value):
    assert spreadsheet.safe_cell(value) == value


def test_its_writer_makes_every_row_safe():
    out = io.StringIO()
    writer = spreadsheet.writer(out, lineterminator="\n")
    writer.writerow(['=HYPERLINK("x")', "plain", 7])
    writer.writerows([["@a", "-b"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [['\'=HYPERLINK("x")', "plain", "7"], ["'@a", "'-b"]]


def test_its_dict_writer_makes_every_row_safe():
    out = io.StringIO()
    writer = spreadsheet.dict_writer(out, fieldnames=["front", "back"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"front": "+1", "back": "ok"})
    writer.writerows([{"front": "fine", "back": "=2"}])
    assert out.getvalue() == "front,back\n'+1,ok\nfine,'=2\n"
