"""A model field's value bounds given to the browser as an input's min and max."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def bounds_of(field: models.Field) -> dict:
    """A model field's tightest Min/MaxValueValidator limits as an input's min and max attributes.

    The model's validators are the rule (ModelForm runs them and shows their
    errors beside the field); the browser gets the same bounds from them.
    """
    lows = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return {**({"min": max(lows)} if lows else {}), **({"max": min(highs)} if highs else {})}
