"""What the home page shows of the coming days: pure helpers, no queries.

Drop-in hours repeat every week: the home page says « Permanences d'accueil :
lundi, mardi et jeudi, 14:00 – 17:30 » once instead of one line per session.
A session is grouped when it is a drop-in (not booked online, not cancelled):
its page, then its start and end times, group the days; within the seven
days shown, a weekday names one date. Sessions that take
bookings, and cancelled ones, stay one line each, with their state.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from activities.models import Weekday
from bookings.display import session_state


@dataclass
class Slot:
    """The same hours on several days: ``days`` are names, Monday first."""

    starts: object
    ends: object
    days: list = field(default_factory=list)


def group_slots(items):
    """``(weekday, starts, ends)`` triples (Monday is 0) as Slots, one per
    (starts, ends): « lundi, mardi et jeudi », then « vendredi ».

    Days come in the week's order, and slots in the order of their first day,
    whatever the order of ``items``; a day is named once per slot.
    """
    slots = {}
    for weekday, starts, ends in sorted(items, key=lambda item: item[:2]):
        slot = slots.setdefault((starts, ends), Slot(starts, ends))
        name = str(Weekday(weekday).label)
        if name not in slot.days:
            slot.days.append(name)
    return list(slots.values())


def opening_slots(hours):
    """A local's OpeningHours rows as Slots."""
    return group_slots((row.weekday, row.opens_at, row.closes_at) for row in hours)


@dataclass
class DropIn:
    """A drop-in activity's sessions of the period, as Slots."""

    page: object
    slots: list


@dataclass
class LocalWeek:
    """What is on at one local: drop-ins grouped, then the other sessions."""

    local: object
    drop_ins: list
    sessions: list

    @property
    def is_empty(self):
        return not (self.drop_ins or self.sessions)


def week_at_locals(locals_, sessions, now=None):
    """A LocalWeek per local, in the locals' order, from ``sessions``.

    ``locals_`` are siblings (the home page's children), so the start of a
    page's tree path names its local. ``sessions`` come with their counts
    (``with_counts``) and their page, in date order; each gets its ``state``
    (see ``bookings.display``). Sessions under none of ``locals_`` are left out.
    """
    now = now or timezone.now()
    locals_by_path = {local.path: local for local in locals_}
    path_length = len(locals_[0].path) if locals_ else 0
    drop_in_days = {local.pk: {} for local in locals_}
    weeks = {local.pk: LocalWeek(local, [], []) for local in locals_}
    for session in sessions:
        local = locals_by_path.get(session.page.path[:path_length])
        if local is None:
            continue
        session.state = session_state(session, now)
        if session.state == "drop_in":
            starts = timezone.localtime(session.starts_at)
            ends = timezone.localtime(session.ends_at).time()
            pages = drop_in_days[local.pk]
            pages.setdefault(session.page.pk, (session.page, []))[1].append(
                (starts.weekday(), starts.time(), ends)
            )
        else:
            weeks[local.pk].sessions.append(session)
    for local_pk, pages in drop_in_days.items():
        weeks[local_pk].drop_ins = [
            DropIn(page, group_slots(days)) for page, days in pages.values()
        ]
    return list(weeks.values())
