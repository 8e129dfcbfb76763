"""The shared places of the demo and who uses them, true to the experience sheet.

The multi-sports space of the Tilleuls estate is shared by the local and the
maison des jeunes: the local's Wednesday activity holds its slot through its
schedule, the youth centre's weekly football and basketball are recurring
reservations, its tournament and its basketball initiation are sport events
published in its own section of the site. The loader writes it, idempotently.
"""

from datetime import time

import recurrence
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from bookings import services
from bookings.models import (
    Organisation,
    ReservationSeries,
    Resource,
    ResourceOpeningHours,
)
from bookings.permissions import PARTNER_GROUP

LOCAL_TEAM = "Équipe du local des Tilleuls"
YOUTH_CENTRE = "Maison des jeunes de Montreuil-Juigné"
PARTNER_USERNAME = "mdj"
SPACE = "espace-multi-sports"

ORGANISATIONS = [
    {"name": LOCAL_TEAM, "email": "tilleuls@viedesquartiers.example"},
    {
        "name": YOUTH_CENTRE,
        "email": "animation@mdj-montreuil-juigne.example",
        "is_partner": True,
    },
    {
        "name": "Association « Enjeu » (Enfance Jeunesse)",
        "email": "contact@enjeu.example",
        "is_partner": True,
    },
]

EVERY_DAY = range(7)
RESOURCES = [
    {
        "slug": SPACE,
        "name": "Espace multi-sports de la cité des Tilleuls",
        "kind": Resource.Kind.SPACE,
        "description": "Terrain de foot, de basket et de hand en accès libre "
        "au pied des immeubles, installé en novembre 2003 et animé avec la "
        "maison des jeunes.",
        "requires_approval": True,
        "public_schedule": True,
        "hours": [(day, time(9, 0), time(21, 0)) for day in EVERY_DAY],
    },
    {
        "slug": "salle-du-local-des-tilleuls",
        "name": "Salle d'activités du local des Tilleuls",
        "kind": Resource.Kind.ROOM,
        "description": "La grande salle du local, pour les ateliers.",
        "requires_approval": True,
        "public_schedule": False,
        "hours": [(day, time(9, 0), time(19, 0)) for day in range(5)],
    },
    {
        "slug": "ordinateurs-recherche-emploi",
        "name": "Ordinateurs de recherche d'emploi",
        "kind": Resource.Kind.EQUIPMENT,
        "description": "Les ordinateurs du local pour les CV et les candidatures.",
        "requires_approval": True,
        "public_schedule": False,
        "hours": [(day, time(9, 0), time(17, 30)) for day in range(5)],
    },
    {
        "slug": "minibus",
        "name": "Minibus du CCAS",
        "kind": Resource.Kind.VEHICLE,
        "description": "Neuf places, chauffeur compris : huit passagers, "
        "pour les sorties en petit groupe.",
        "capacity": 8,
        "requires_approval": True,
        "public_schedule": False,
        "hours": [],
    },
]

# The youth centre's weekly slots on the space (Paris time).
YOUTH_SERIES = [
    ("Football 11-14 ans", recurrence.TU, time(17, 30), 90),
    ("Basket 15-17 ans", recurrence.FR, time(17, 30), 90),
]


def load_organisations():
    organisations = {}
    for spec in ORGANISATIONS:
        values = dict(spec)
        org, _ = Organisation.objects.update_or_create(
            name=values.pop("name"), defaults=values
        )
        organisations[org.name] = org
    return organisations


def load_resources(owner):
    resources = {}
    for spec in RESOURCES:
        values = dict(spec)
        hours = values.pop("hours")
        resource, _ = Resource.objects.update_or_create(
            slug=values.pop("slug"), defaults={**values, "owner": owner}
        )
        wanted = {(day, opens, closes) for day, opens, closes in hours}
        have = {
            (h.weekday, h.opens_at, h.closes_at): h
            for h in resource.opening_hours.all()
        }
        for key, row in have.items():
            if key not in wanted:
                row.delete()
        ResourceOpeningHours.objects.bulk_create(
            ResourceOpeningHours(
                resource=resource, weekday=day, opens_at=opens, closes_at=closes
            )
            for day, opens, closes in sorted(wanted - set(have))
        )
        resources[resource.slug] = resource
    return resources


def load_shared_resources():
    """Organisations and resources; returns them by name and by slug."""
    organisations = load_organisations()
    resources = load_resources(organisations[LOCAL_TEAM])
    return organisations, resources


def load_youth_series(organisations, resources, today):
    """The youth centre's weekly football and basketball, once."""
    youth = organisations[YOUTH_CENTRE]
    space = resources[SPACE]
    created = 0
    for title, weekday, start, minutes in YOUTH_SERIES:
        if ReservationSeries.objects.filter(organisation=youth, title=title).exists():
            continue
        services.reserve_series(
            resource=space,
            organisation=youth,
            title=title,
            recurrences=recurrence.Recurrence(
                rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[weekday])]
            ),
            starts_on=today,
            start_time=start,
            duration_minutes=minutes,
        )
        created += 1
    return created


def give_partner_section(section, user, organisations):
    """The partner account acts for the youth centre and may add, edit and
    publish pages in its section of the site."""
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=PARTNER_GROUP)
    user.groups.add(group)
    organisations[YOUTH_CENTRE].members.add(user)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=section,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def request_for_approval(youth, partner, run):
    """A request of the youth centre waiting for the coordinator: a handball
    morning on the coming Saturday week, asked for by its account."""
    from datetime import timedelta

    from bookings.calendar import session_start
    from bookings.models import Reservation

    title = "Matinée handball"
    if Reservation.objects.filter(organisation=youth, title=title).exists():
        return None
    saturday = run.today + timedelta(days=(5 - run.today.weekday()) % 7 + 7)
    return services.reserve(
        resource=run.resources[SPACE],
        organisation=youth,
        starts_at=session_start(saturday, time(10, 0)),
        ends_at=session_start(saturday, time(12, 0)),
        title=title,
        user=partner,
    )
