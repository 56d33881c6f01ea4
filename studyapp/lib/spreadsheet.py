"""CSV writers that spreadsheets cannot be tricked into running.

Every CSV the app writes goes through `writer` or `dict_writer`, so the rule
against formula injection lives here alone.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

# A cell starting with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets (OWASP's list); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula, prefixed with an apostrophe; everything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _SafeDictWriter(csv.DictWriter):
    def writerow(self, rowdict: Mapping[str, Any]):
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def writer(stream, **options) -> _SafeWriter:
    """Like `csv.writer`, with every text cell made safe."""
    return _SafeWriter(stream, **options)


def dict_writer(stream, fieldnames: list[str], **options) -> csv.DictWriter:
    """Like `csv.DictWriter`, with every text cell made safe."""
    return _SafeDictWriter(stream, fieldnames=fieldnames, **options)
