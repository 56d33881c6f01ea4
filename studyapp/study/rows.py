"""Model instances from hand-written SQL: the study loop's hot path skips the ORM's query building.

Django builds every ORM query anew on each request. For the grade round trip
that building cost more than running the queries (bench/profile_grade.py), so
the few statements on that path are written out in SQL that SQLite and
PostgreSQL both accept. These helpers keep them short: a model's column list
for a SELECT and the model instances back from a row, with the same type
conversions the ORM applies. An answer's writes go through the ORM's public API
(`save(force_insert=True)`, `filter(pk=…, version=v).update(…)`): writing them in
SQL here gained less than the benchmark's run-to-run spread (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Model


def columns(model: type[Model] | Brief, alias: str) -> str:
    """`alias.col, alias.col, …` for the concrete fields of `model` (or of a `Brief`), in field order."""
    return _columns(model, alias, connection.vendor)


@cache
def _columns(model: type[Model] | Brief, alias: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in _fields(model))


def instances(row, *models: type[Model] | Brief) -> list[Model | None]:
    """Split `row` (the models' `columns`, in this order) into instances; None where a LEFT JOIN found nothing."""
    found, start = [], 0
    for model in models:
        width = len(_fields(model))
        values = row[start : start + width]
        start += width
        found.append(None if values[0] is None else _instance(model, values))
    return found


@dataclass(frozen=True)
class Brief:
    """Some of a model's fields: its instances defer the rest (as QuerySet.only does)."""

    model: type[Model]
    names: tuple[str, ...]


@cache
def _fields(model: type[Model] | Brief) -> list:
    if isinstance(model, Brief):
        return [field for field in model.model._meta.concrete_fields if field.name in model.names]
    return model._meta.concrete_fields


def field_value(model: type[Model], name: str, value):
    """One selected value of `model`'s field `name`, converted as the ORM would (e.g. SQLite text to datetime)."""
    field = model._meta.get_field(name)
    column = field.cached_col
    for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
        value = convert(value, column, connection)
    return value


def _instance(model: type[Model] | Brief, values) -> Model:
    attnames, converters = _conversions(model, connection.vendor)
    converted = list(values)
    for index, column, functions in converters:
        for convert in functions:
            converted[index] = convert(converted[index], column, connection)
    return (model.model if isinstance(model, Brief) else model).from_db(connection.alias, attnames, converted)


@cache
def _conversions(model: type[Model] | Brief, vendor: str) -> tuple[list[str], list]:
    """Each field's attribute name, and the ORM's converters for the fields that have any."""
    fields = _fields(model)
    converters = []
    for index, field in enumerate(fields):
        column = field.cached_col
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return [field.attname for field in fields], converters


def tables(**models: type[Model]) -> dict[str, str]:
    """Each model's quoted table name, by the given names: `{card}` in SQL from `Card._meta`.
    Worked out once per process (it is on the study loop's hot path, as `columns` is)."""
    return _tables(tuple(models.items()), connection.vendor)


@cache
def _tables(named: tuple[tuple[str, type[Model]], ...], vendor: str) -> dict[str, str]:
    quote = connection.ops.quote_name
    return {name: quote(model._meta.db_table) for name, model in named}


def fetch_one(sql: str, params: dict):
    """The first row of `sql`, or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
