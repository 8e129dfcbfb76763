"""Querysets compiled once per process, then run with each call's values.

Building and compiling a queryset with subqueries and aggregates costs the
ORM milliseconds, many times what the database takes to run it: the session
lists of the home page were half of its time. ``CompiledOnce`` keeps the
ORM's own SQL per *shape* of a queryset (the database, how many ids a list
holds) and binds each call's values into it. The rules stay written once, in
the ORM: ``Occurrence.objects.with_counts()`` is still the one definition of
places taken, whoever reads it.
"""

from collections.abc import Hashable
from datetime import UTC, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections

# Values no real query uses, to find where each value lands in the SQL.
_MARKER_EPOCH = datetime(1901, 2, 3, tzinfo=UTC)
_MARKER_INT = -987_654_321


class CompiledOnce:
    """``build(*values)`` gives a queryset; each value is a datetime, an int
    or a list of ints, used in the SQL as a parameter as it is (compared,
    never computed with).

    Calling the CompiledOnce with values gives the rows ``build(*values)``
    would, as model instances with their annotations: the first call of a
    shape compiles ``build`` with markers in place of the values; later calls
    only bind their values. A queryset whose markers cannot all be found in
    its parameters (the ORM folded one into the SQL text) is never kept:
    each call then builds it anew.
    """

    def __init__(self, build):
        self.build = build
        self.compiled = {}

    def __call__(self, *values, using=DEFAULT_DB_ALIAS):
        connection = connections[using]
        shape = (
            using,
            tuple(len(v) if isinstance(v, list | tuple) else None for v in values),
        )
        if shape not in self.compiled:
            self.compiled[shape] = self._compile(values, connection, using)
        compiled = self.compiled[shape]
        if compiled is None:
            return list(self.build(*values).using(using))
        model, sql, params, slots = compiled
        params = list(params)
        flat = _flatten(values)
        for position, index in slots:
            params[position] = _adapt(flat[index], connection)
        return list(model.objects.raw(sql, params, using=using))

    def _compile(self, values, connection, using):
        """The model, SQL, parameters and where each value goes, or None."""
        flat_markers = []

        def marker(value):
            number = len(flat_markers)
            if isinstance(value, datetime):
                flat_markers.append(_MARKER_EPOCH + timedelta(seconds=number))
            else:
                flat_markers.append(_MARKER_INT - number)
            return flat_markers[-1]

        markers = [
            [marker(each) for each in value]
            if isinstance(value, list | tuple)
            else marker(value)
            for value in values
        ]
        queryset = self.build(*markers).using(using)
        try:
            sql, params = queryset.query.get_compiler(using).as_sql()
        except EmptyResultSet:
            return None
        adapted = {
            _adapt(each, connection): index for index, each in enumerate(flat_markers)
        }
        slots = [
            (position, adapted[param])
            for position, param in enumerate(params)
            if isinstance(param, Hashable) and param in adapted
        ]
        if {index for _position, index in slots} != set(range(len(flat_markers))):
            return None
        return queryset.model, sql, tuple(params), slots


def _flatten(values):
    flat = []
    for value in values:
        if isinstance(value, list | tuple):
            flat.extend(value)
        else:
            flat.append(value)
    return flat


def _adapt(value, connection):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
