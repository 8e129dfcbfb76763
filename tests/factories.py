"""Small builders for the site's page tree, with sensible French defaults.

Each function takes the parent it hangs from and overrides as keyword arguments,
so a test says only what matters to it.
"""

from datetime import datetime, time, timedelta
from itertools import count

import recurrence
from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from activities.models import (
    ActivityIndexPage,
    ActivityPage,
    Audience,
    Category,
    LocalPage,
    OpeningHours,
    OutingPage,
    Partner,
    SportEventPage,
)
from bookings.models import Occurrence, Schedule
from home.models import FormField, FormPage, HomePage, StandardPage

_numbers = count(1)


def _slug(prefix):
    return f"{prefix}-{next(_numbers)}"


def tree_root():
    """Wagtail's tree root; rebuilt when a transactional test flushed the tables."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def home_page(**fields):
    """The site's home page; it replaces Wagtail's welcome page as the site root."""
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    values = {
        "title": "Vie des quartiers",
        "slug": "accueil",
        "introduction": (
            "Des lieux d'accueil, d'informations et d'activités dans les quartiers "
            "de Montreuil-Juigné."
        ),
    }
    values.update(fields)
    home = tree_root().add_child(instance=HomePage(**values))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Vie des quartiers",
        )
    else:
        welcome = site.root_page
        site.root_page = home
        site.site_name = "Vie des quartiers"
        site.save()
        if welcome.pk != home.pk:
            Page.objects.get(pk=welcome.pk).delete()
    return HomePage.objects.get(pk=home.pk)


def local_page(home=None, *, hours=None, **fields):
    """A local with an address and, unless ``hours=[]``, two drop-in slots."""
    home = home or home_page()
    values = {
        "title": "Local des Hauts de Saint-Aubin",
        "slug": _slug("local"),
        "introduction": "Un lieu d'écoute où chacun peut venir prendre un café.",
        "street_address": "3 rue des Tilleuls",
        "postcode": "49460",
        "city": "Montreuil-Juigné",
        "latitude": "47.529000",
        "longitude": "-0.614000",
        "phone": "02 41 00 00 00",
        "email": "local@example.org",
        "coordinator": "Marie, coordinatrice de lien social",
        "accessibility": "Local de plain-pied, toilettes adaptées.",
    }
    values.update(fields)
    local = LocalPage(**values)
    if hours is None:
        hours = [
            (1, time(9), time(12), "Pause café, écoute"),
            (3, time(14), time(17, 30), "Aide aux démarches"),
        ]
    local.opening_hours = [
        OpeningHours(weekday=day, opens_at=opens, closes_at=closes, label=label)
        for day, opens, closes, label in hours
    ]
    return home.add_child(instance=local)


def activity_index(local=None, **fields):
    local = local or local_page()
    values = {"title": "Activités", "slug": _slug("activites")}
    values.update(fields)
    return local.add_child(instance=ActivityIndexPage(**values))


def activity_page(index=None, **fields):
    index = index or activity_index()
    values = {
        "title": "Atelier cuisine",
        "slug": _slug("atelier"),
        "summary": "On cuisine ensemble les recettes des habitants.",
        "category": Category.WORKSHOP,
        "audience": Audience.EVERYONE,
        "what_to_bring": "Un tablier.",
    }
    values.update(fields)
    return index.add_child(instance=ActivityPage(**values))


def outing_page(index=None, **fields):
    index = index or activity_index()
    day = timezone.localdate() + timedelta(days=30)
    values = {
        "title": "Sortie à la mer",
        "slug": _slug("sortie"),
        "summary": "Une journée à Pornic, pique-nique sur la plage.",
        "date": day,
        "departure_place": "Parking du local",
        "departure_time": time(8, 0),
        "return_time": time(19, 0),
        "price_adult": "5.00",
        "price_child": "2.50",
        "registration_deadline": day - timedelta(days=7),
    }
    values.update(fields)
    return index.add_child(instance=OutingPage(**values))


def sport_event_page(index=None, **fields):
    index = index or activity_index()
    values = {
        "title": "Tournoi de foot",
        "slug": _slug("tournoi"),
        "summary": "Un tournoi inter-quartiers avec la maison des jeunes.",
        "date": timezone.localdate() + timedelta(days=10),
        "start_time": time(14, 0),
        "end_time": time(17, 0),
    }
    values.update(fields)
    return index.add_child(instance=SportEventPage(**values))


def standard_page(parent=None, **fields):
    parent = parent or home_page()
    values = {
        "title": "Mentions légales",
        "slug": _slug("page"),
        "introduction": "Qui publie ce site.",
        "body": [("paragraph", RichText("<p>Éditeur : CCAS de Montreuil-Juigné.</p>"))],
    }
    values.update(fields)
    return parent.add_child(instance=StandardPage(**values))


def form_page(home=None, *, fields=None, **values):
    """« Proposez un atelier »: a name, a required e-mail and the idea."""
    home = home or home_page()
    page_values = {
        "title": "Proposez un atelier",
        "slug": _slug("proposez-un-atelier"),
        "introduction": "<p>Une idée d'atelier ? Dites-le nous.</p>",
        "thank_you_text": "<p>Merci pour votre idée !</p>",
        "to_address": "",
    }
    page_values.update(values)
    page = FormPage(**page_values)
    if fields is None:
        fields = [
            ("Votre nom", "singleline", True, ""),
            ("Votre e-mail", "email", True, "Pour vous répondre."),
            ("Votre idée", "multiline", True, ""),
        ]
    page.form_fields = [
        FormField(
            label=label,
            field_type=field_type,
            required=required,
            help_text=help_text,
            sort_order=order,
        )
        for order, (label, field_type, required, help_text) in enumerate(fields)
    ]
    return home.add_child(instance=page)


def collection_root():
    """Wagtail's root collection; rebuilt when a transactional test flushed it."""
    from wagtail.models import Collection

    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def image(title="Le local vu de la rue", **fields):
    """A small PNG in the image library (tests point MEDIA_ROOT at a temp dir)."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    return get_image_model().objects.create(
        title=title,
        file=get_test_image_file(f"{_slug('image')}.png"),
        collection=collection_root(),
        **fields,
    )


def document(title="Programme de la saison", content=b"Ateliers du mardi\n"):
    """A text file in the document library (MEDIA_ROOT as for ``image``)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=title,
        file=ContentFile(content, name=f"{_slug('document')}.txt"),
        collection=collection_root(),
    )


def partner(**fields):
    values = {
        "name": "Association Enjeu",
        "role": Partner.Role.OPERATIONAL,
        "description": "Enfance et jeunesse.",
    }
    values.update(fields)
    return Partner.objects.create(**values)


def session(page, *, starts_at=None, days_ahead=3, places=10, **fields):
    """One upcoming session on ``page``, with its one-date schedule, made by the ORM."""
    if starts_at is None:
        day = timezone.localdate() + timedelta(days=days_ahead)
        starts_at = timezone.make_aware(datetime.combine(day, time(14, 0)))
    local_start = timezone.localtime(starts_at)
    bookable_online = fields.pop("bookable_online", True)
    schedule = Schedule.objects.create(
        page=page,
        recurrences=recurrence.Recurrence(
            rdates=[datetime.combine(local_start.date(), time.min)]
        ),
        starts_on=local_start.date(),
        start_time=local_start.time(),
        places=places,
        bookable_online=bookable_online,
    )
    values = {
        "schedule": schedule,
        "page": page,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "places": places,
        "bookable_online": bookable_online,
        "booking_closes_at": starts_at,
    }
    values.update(fields)
    return Occurrence.objects.create(**values)


def site_tree(activities=3, sessions_per_activity=1):
    """Two locals, the first with activities, an outing and a sport event."""
    home = home_page()
    first = local_page(home, title="Local des Hauts de Saint-Aubin")
    second = local_page(home, title="Local du Bourg")
    index = activity_index(first)
    pages = []
    for number in range(activities):
        page = activity_page(
            index,
            title=f"Atelier {number + 1:02d}",
            weekdays="1,3",
            category=Category.WORKSHOP if number % 2 else Category.DROP_IN,
        )
        for days in range(sessions_per_activity):
            session(page, days_ahead=days + 1)
        pages.append(page)
    return {
        "home": home,
        "locals": [first, second],
        "index": index,
        "activities": pages,
        "outing": outing_page(index),
        "sport_event": sport_event_page(index),
    }


# Shared resources ----------------------------------------------------------


def organisation(name=None, *, members=(), **fields):
    from bookings.models import Organisation

    org = Organisation.objects.create(name=name or _slug("Organisation"), **fields)
    org.members.set(members)
    return org


def youth_centre(**fields):
    values = {"name": "Maison des jeunes", "is_partner": True, "email": "mdj@ex.org"}
    values.update(fields)
    return organisation(**values)


def resource(name=None, *, owner=None, hours=(), **fields):
    """A shared resource; ``hours`` are (weekday, opens, closes) triples."""
    from bookings.models import Resource, ResourceOpeningHours

    values = {
        "name": name or _slug("Espace multi-sports"),
        "slug": _slug("espace"),
        "kind": Resource.Kind.SPACE,
        "requires_approval": False,
        "owner": owner or organisation(_slug("Local")),
    }
    values.update(fields)
    res = Resource.objects.create(**values)
    for weekday, opens, closes in hours:
        ResourceOpeningHours.objects.create(
            resource=res, weekday=weekday, opens_at=opens, closes_at=closes
        )
    return res
