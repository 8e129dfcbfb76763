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
from functools import partial

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections

# Values no real query uses, to find where each value lands in the SQL.
_MARKER_EPOCH = datetime(1901, 2, 3, tzinfo=UTC)
_MARKER_INT = -987_654_321
# A text marker holds what a lookup would escape or change (case, ``%``,
# ``_``, ``\``): a value a lookup transforms (``iexact`` on SQLite,
# ``contains``) is then not found, and its query is never kept.
_MARKER_TEXT = "Marqueur-%_\\-{}"


class CompiledOnce:
    """``build(*values)`` gives a queryset; each value is a datetime, an int,
    a text or a list of them, used in the SQL as a parameter as it is
    (compared, never computed with). ``build`` must give the same SQL
    whatever the values: it may not test them (an empty text is a value
    like another); a caller with queries of several forms keeps one
    ``CompiledOnce`` per form.

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
        lengths = tuple(
            len(value) if isinstance(value, list | tuple) else None for value in values
        )
        shape = (using, lengths)
        if shape not in self.compiled:
            self.compiled[shape] = self._compile(values, lengths, connection, using)
        compiled = self.compiled[shape]
        if compiled is None:
            return list(self.build(*values).using(using))
        model, sql, params, slots = compiled
        params = list(params)
        flat = _flatten(values)
        for position, index in slots:
            params[position] = _adapt(flat[index], connection)
        return list(model.objects.raw(sql, params, using=using))

    def one(self, *values, using=DEFAULT_DB_ALIAS):
        """The one row these values give, or None when they give none."""
        rows = self(*values, using=using)
        if len(rows) > 1:
            raise ValueError(f"{len(rows)} rows where one was expected")
        return rows[0] if rows else None

    def _compile(self, values, lengths, connection, using):
        """The model, SQL, parameters and where each value goes, or None."""
        flat_markers = [
            _marker(value, number) for number, value in enumerate(_flatten(values))
        ]
        queryset = self.build(*_nested(flat_markers, lengths)).using(using)
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


def _marker(value, number):
    """The ``number``-th marker, of the type of ``value``."""
    if isinstance(value, datetime):
        return _MARKER_EPOCH + timedelta(seconds=number)
    if isinstance(value, str):
        return _MARKER_TEXT.format(number)
    return _MARKER_INT - number


def _flatten(values):
    """The values one after the other, lists opened."""
    return [
        each
        for value in values
        for each in (value if isinstance(value, list | tuple) else (value,))
    ]


def _nested(flat, lengths):
    """``_flatten`` undone: a list of each length, a value for None."""
    taken = iter(flat)
    return [
        next(taken) if length is None else [next(taken) for _ in range(length)]
        for length in lengths
    ]


def _adapt(value, connection):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class CompiledPerForm:
    """``CompiledOnce`` for a query whose form, not only its values, varies.

    ``build(form, *values)``: ``form`` (hashable: a limit, which contact
    details are given) decides the query's SQL and is never bound into it;
    each form is compiled once. ``query(form, *values)`` gives the rows.
    """

    def __init__(self, build):
        self.build = build
        self.forms = {}

    def __call__(self, form, *values, using=DEFAULT_DB_ALIAS):
        if form not in self.forms:
            self.forms[form] = CompiledOnce(partial(self.build, form))
        return self.forms[form](*values, using=using)

    def given(self, *values, using=DEFAULT_DB_ALIAS, **optional):
        """The rows for ``values`` and for those of ``optional`` that are
        given (not empty): the form is the names given, and ``build(names,
        *values)`` finds their values last, in that order."""
        given = {name: value for name, value in optional.items() if value}
        return self(tuple(given), *values, *given.values(), using=using)
