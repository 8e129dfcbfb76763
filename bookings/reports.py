"""The yearly report for the funders: whom the programme reached, and how.

Every figure is aggregated by the database: the report costs the same dozen
queries for one year of bookings as for ten, whatever the number of rows.

What counts (the report page says it too):

- a session is *held* when it was not cancelled and has started; sessions to
  come are counted apart and add nothing else, cancelled ones are counted;
- bookings, places and people who came are those of confirmed bookings on
  held sessions; a *no-show* is a confirmed booking marked absent, and the
  no-show rate is no-shows over the bookings whose attendance was recorded;
- a *household* is the same normalised phone or e-mail (``bookings.households``);
  it is *reached* when it has a confirmed booking on a held session that was
  not marked absent; *new* when it was never reached before the period,
  *returning* otherwise;
- the *unmet demand* is the bookings still on a waiting list when the session
  was held (never promoted).

Anonymised bookings keep their household key, so the report is the same
before and after anonymisation.

The report does not import page types (``activities`` imports ``bookings``,
not the reverse): the locals come from ``bookings.locals``, and the site tells
it what category a session's page is through the ``bookings_report_dimensions``
Wagtail hook.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    F,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .locals import with_local
from .models import Booking, Occurrence

OUTINGS = "sortie"


@dataclass
class Dimensions:
    """How the site sorts sessions by category: an expression giving a
    session page's category from the name of a page id field, and labels."""

    category: object = None  # callable: page id field name -> expression
    category_labels: dict = field(default_factory=dict)


def dimensions():
    for hook in hooks.get_hooks("bookings_report_dimensions"):
        return hook()
    return Dimensions()


# The figures, in the order of the tables and the exports.
SESSION_FIGURES = {
    "sessions_held": _("Séances tenues"),
    "sessions_cancelled": _("Séances annulées"),
    "places_offered": _("Places proposées"),
}
BOOKING_FIGURES = {
    "bookings": _("Réservations"),
    "bookings_by_staff": _("dont par l'accueil ou par téléphone"),
    "bookings_cancelled": _("Réservations annulées"),
    "places": _("Places réservées"),
    "adults_booked": _("Places adultes"),
    "children_booked": _("Places enfants"),
    "came_adults": _("Adultes venus"),
    "came_children": _("Enfants venus"),
    "came": _("Personnes venues"),
    "no_shows": _("Absences (réservations)"),
    "no_show_rate": _("Taux d'absence"),
    "households": _("Foyers touchés"),
    "waiting_bookings": _("Demandes restées en liste d'attente"),
    "waiting_places": _("Places demandées non servies"),
}
TOTAL_ONLY = {
    "sessions_upcoming": _("Séances à venir (non comptées)"),
    "new_households": _("Foyers nouveaux"),
    "returning_households": _("Foyers revenus"),
    "fill_rate": _("Taux de remplissage"),
    "absent": _("Personnes absentes"),
}
LABELS = {**SESSION_FIGURES, **BOOKING_FIGURES, **TOTAL_ONLY}
RATES = {"no_show_rate", "fill_rate"}
# The columns of a breakdown (by month, category, local, activity).
BREAKDOWN = [
    "sessions_held",
    "sessions_cancelled",
    "places_offered",
    "bookings",
    "places",
    "fill_rate",
    "came_adults",
    "came_children",
    "came",
    "no_shows",
    "no_show_rate",
    "households",
    "waiting_places",
]
TOTALS = [
    "sessions_held",
    "sessions_cancelled",
    "sessions_upcoming",
    "places_offered",
    "bookings",
    "bookings_by_staff",
    "bookings_cancelled",
    "places",
    "fill_rate",
    "came_adults",
    "came_children",
    "came",
    "no_shows",
    "no_show_rate",
    "households",
    "new_households",
    "returning_households",
    "waiting_bookings",
    "waiting_places",
]


@dataclass
class Period:
    start: date
    end: date  # included

    @classmethod
    def year(cls, year):
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def bounds(self):
        """The period in aware datetimes: [start 00:00, day after end 00:00)."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    @property
    def is_calendar_year(self):
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )

    def __str__(self):
        if self.is_calendar_year:
            return str(self.start.year)
        return _("du %(start)s au %(end)s") % {
            "start": french_date(self.start),
            "end": french_date(self.end),
        }


def french_date(day):
    """« 1er mars 2025 », « 31 juillet 2025 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {date_format(day, 'F Y')}"


def first_session_date():
    first = Occurrence.objects.order_by("starts_at").values_list(
        "starts_at", flat=True
    )[:1]
    return timezone.localdate(first[0]) if first else None


@dataclass
class Row:
    key: object
    label: str
    figures: dict

    def __getitem__(self, name):
        return self.figures.get(name)


@dataclass
class Report:
    period: Period
    local: object  # a Page or None
    now: datetime
    totals: Row
    months: list
    categories: list
    locals: list
    activities: list
    age_groups: list

    @property
    def outings(self):
        return [row for row in self.activities if row.figures["category"] == OUTINGS]

    def sections(self):
        """(title, first column, figure names, rows): the tables, in order."""
        return [
            (_("Par mois"), _("Mois"), BREAKDOWN, self.months),
            (_("Par catégorie"), _("Catégorie"), BREAKDOWN, self.categories),
            (_("Par local"), _("Local"), BREAKDOWN, self.locals),
            (_("Par activité"), _("Activité"), BREAKDOWN, self.activities),
            (_("Sorties"), _("Sortie"), BREAKDOWN, self.outings),
            (
                _("Par âge"),
                _("Public"),
                ["places", "came", "absent"],
                self.age_groups,
            ),
        ]


class ReportBuilder:
    """Builds a ``Report`` in a fixed number of aggregate queries."""

    def __init__(self, period, *, local=None, now=None, dims=None):
        self.period = period
        self.local = local
        self.now = now or timezone.now()
        self.dims = dims or dimensions()

    # Querysets ------------------------------------------------------------

    def _in_period(self, prefix):
        start, end = self.period.bounds
        q = Q(**{f"{prefix}starts_at__gte": start, f"{prefix}starts_at__lt": end})
        if self.local is not None:
            q &= Q(**{f"{prefix}page__path__startswith": self.local.path})
        return q

    def _held(self, prefix):
        return Q(
            **{
                f"{prefix}status": Occurrence.Status.SCHEDULED,
                f"{prefix}starts_at__lt": self.now,
            }
        )

    def sessions(self):
        return Occurrence.objects.filter(self._in_period(""))

    def bookings(self):
        return Booking.objects.filter(self._in_period("occurrence__"))

    def category_of(self, prefix):
        if self.dims.category is None:
            return Value("")
        return self.dims.category(f"{prefix}page_id")

    # Aggregates -------------------------------------------------------------

    def session_aggregates(self):
        held = self._held("")
        return {
            "sessions_held": Count("pk", filter=held),
            "sessions_cancelled": Count(
                "pk", filter=Q(status=Occurrence.Status.CANCELLED)
            ),
            "sessions_upcoming": Count(
                "pk",
                filter=Q(status=Occurrence.Status.SCHEDULED, starts_at__gte=self.now),
            ),
            "places_offered": Coalesce(Sum("places", filter=held), 0),
        }

    def booking_aggregates(self):
        held = self._held("occurrence__")
        confirmed = held & Q(status=Booking.Status.CONFIRMED)
        came = confirmed & Q(attended=True)
        reached = confirmed & ~Q(attended=False) & ~Q(household="")
        waiting = held & Q(status=Booking.Status.WAITING)
        places = F("adults") + F("children")

        def total(expression, condition):
            return Coalesce(Sum(expression, filter=condition), 0)

        return {
            "bookings": Count("pk", filter=confirmed),
            "bookings_by_staff": Count(
                "pk", filter=confirmed & Q(channel=Booking.Channel.STAFF)
            ),
            "bookings_cancelled": Count(
                "pk", filter=held & Q(status=Booking.Status.CANCELLED)
            ),
            "places": total(places, confirmed),
            "adults_booked": total("adults", confirmed),
            "children_booked": total("children", confirmed),
            "came_adults": total("adults", came),
            "came_children": total("children", came),
            "came_bookings": Count("pk", filter=came),
            "no_shows": Count("pk", filter=confirmed & Q(attended=False)),
            "no_show_places": total(places, confirmed & Q(attended=False)),
            "no_show_adults": total("adults", confirmed & Q(attended=False)),
            "no_show_children": total("children", confirmed & Q(attended=False)),
            "households": Count("household", filter=reached, distinct=True),
            "waiting_bookings": Count("pk", filter=waiting),
            "waiting_places": total(places, waiting),
        }

    def returning_aggregate(self):
        """Households reached in the period that were reached before it."""
        start, _end = self.period.bounds
        held = self._held("occurrence__")
        reached = (
            held
            & Q(status=Booking.Status.CONFIRMED)
            & ~Q(attended=False)
            & ~Q(household="")
        )
        before = Booking.objects.filter(
            reached, occurrence__starts_at__lt=start
        ).values("household")
        return Count(
            "household", filter=reached & Q(household__in=before), distinct=True
        )

    def grouped(self, sessions, bookings, fields=("group",)):
        """{key: figures} for a breakdown by ``fields`` (annotated on both
        querysets): one query on sessions, one on bookings."""
        rows = {}
        for queryset, aggregates in (
            (sessions, self.session_aggregates()),
            (bookings, self.booking_aggregates()),
        ):
            for values in queryset.values(*fields).order_by().annotate(**aggregates):
                key = tuple(values.pop(name) for name in fields)
                rows.setdefault(key, {}).update(values)
        return {key: complete(figures) for key, figures in rows.items()}

    # The report -------------------------------------------------------------

    def build(self):
        totals = self.sessions().aggregate(**self.session_aggregates())
        totals.update(
            self.bookings().aggregate(
                **self.booking_aggregates(), returning=self.returning_aggregate()
            )
        )
        totals = complete(totals)
        totals["returning_households"] = totals.pop("returning")
        totals["new_households"] = totals["households"] - totals["returning_households"]
        return Report(
            period=self.period,
            local=self.local,
            now=self.now,
            totals=Row("total", _("Total"), totals),
            months=self.months(),
            categories=self.categories(),
            locals=self.locals(),
            activities=self.activities(),
            age_groups=age_groups(totals),
        )

    def months(self):
        groups = self.grouped(
            self.sessions().annotate(group=TruncMonth("starts_at")),
            self.bookings().annotate(group=TruncMonth("occurrence__starts_at")),
        )
        by_month = {}
        for (key,), figures in groups.items():
            local = timezone.localtime(key) if isinstance(key, datetime) else key
            by_month[(local.year, local.month)] = figures
        rows = []
        day = self.period.start.replace(day=1)
        while day <= self.period.end:
            figures = by_month.get((day.year, day.month)) or complete({})
            rows.append(Row(day, date_format(day, "F Y").capitalize(), figures))
            day = (day + timedelta(days=32)).replace(day=1)
        return rows

    def categories(self):
        groups = self.grouped(
            self.sessions().annotate(group=self.category_of("")),
            self.bookings().annotate(group=self.category_of("occurrence__")),
        )
        labels = self.dims.category_labels
        rows = [
            Row(key, str(labels.get(key, key or _("Autre"))), figures)
            for (key,), figures in groups.items()
        ]
        return sorted(rows, key=lambda row: (not row.key, row.label))

    def locals(self):
        groups = self.grouped(
            with_local(self.sessions()),
            with_local(self.bookings(), "occurrence__page__path"),
            fields=("local_id", "local_title"),
        )
        rows = [
            Row(key, title or str(_("Hors local")), figures)
            for (key, title), figures in groups.items()
        ]
        return sorted(rows, key=lambda row: (row.key is None, row.label))

    def activities(self):
        groups = self.grouped(
            self.sessions().annotate(
                group=F("page_id"), title=F("page__title"), kind=self.category_of("")
            ),
            self.bookings().annotate(
                group=F("occurrence__page_id"),
                title=F("occurrence__page__title"),
                kind=self.category_of("occurrence__"),
            ),
            fields=("group", "title", "kind"),
        )
        rows = [
            Row(key, title, {**figures, "category": kind})
            for (key, title, kind), figures in groups.items()
        ]
        return sorted(rows, key=lambda row: row.label.casefold())


def complete(figures):
    """Fill missing figures with 0 and compute the derived ones."""
    figures = dict(figures)
    figures.setdefault("category", "")
    for name in (*SESSION_FIGURES, *BOOKING_FIGURES, "came_bookings"):
        figures.setdefault(name, 0)
    for name in (
        "sessions_upcoming",
        "no_show_places",
        "no_show_adults",
        "no_show_children",
    ):
        figures.setdefault(name, 0)
    figures["came"] = figures["came_adults"] + figures["came_children"]
    recorded = figures["came_bookings"] + figures["no_shows"]
    figures["no_show_rate"] = rate(figures["no_shows"], recorded)
    figures["fill_rate"] = rate(figures["places"], figures["places_offered"])
    return figures


def rate(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def age_groups(totals):
    return [
        Row(
            "adults",
            str(_("Adultes")),
            {
                "places": totals["adults_booked"],
                "came": totals["came_adults"],
                "absent": totals["no_show_adults"],
            },
        ),
        Row(
            "children",
            str(_("Enfants")),
            {
                "places": totals["children_booked"],
                "came": totals["came_children"],
                "absent": totals["no_show_children"],
            },
        ),
    ]


def build_report(period, *, local=None, now=None):
    """The report of ``period`` for one local (a Page) or all (None)."""
    return ReportBuilder(period, local=local, now=now).build()


def format_figure(name, value):
    """A figure as the report shows it: « 12,5 % » for a rate, « – » for none."""
    if value is None:
        return "–"
    if name in RATES:
        return f"{value:.1f}".replace(".", ",") + "\u202f%"
    return value
