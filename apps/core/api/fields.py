"""Query parameter fields the APIs share."""

from __future__ import annotations

from rest_framework import serializers

# The largest primary key a BigAutoField holds: larger numbers are refused with a 400 before
# they reach the database (SQLite raises OverflowError on them, PostgreSQL a DataError).
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """A positive primary key given as a query parameter."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
