"""Load the demo programme of Vie des quartiers, true to the CCAS's experience sheet.

The programme itself (French texts, locals, activities, schedules, legal pages,
forms) is plain data in ``home/management/demo/content.py``; its pictures are
drawn by ``demo/pictures.py``. This command writes them.

Idempotent: every object is found again by a natural key (a page's slug under
its parent, a partner's name and role, an image's title, a schedule's label on
its page, a user name) and updated in place, so a second run creates nothing
and publishes nothing that has not changed.
"""

import copy
import io
import os
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta

import recurrence
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.fields import StreamField
from wagtail.images.models import Image
from wagtail.models import Page, Site

from activities.models import (
    ActivityIndexPage,
    ActivityPage,
    LocalPage,
    OutingPage,
    Partner,
    SportEventPage,
)
from bookings.calendar import session_start
from bookings.models import Resource, Schedule
from home.models import FormPage, HomePage, SiteSettings, StandardPage

from ..demo.content import (
    DEFAULT_PASSWORD,
    FORM_PAGES,
    HOME,
    LOCALS,
    NO_REPLY_EMAIL,
    PARTNERS,
    PICTURES,
    SITE_HOSTNAME,
    SITE_PORT,
    SITE_SETTINGS,
    STANDARD_PAGES,
    TEAM_EMAIL,
    WELCOME_TITLE,
    next_weekday,
    school_year,
)
from ..demo.pictures import draw_logo, draw_picture, picture_alt
from ..demo.shared import (
    PARTNER_USERNAME,
    YOUTH_CENTRE,
    give_partner_section,
    load_shared_resources,
    load_youth_series,
    request_for_approval,
)


@dataclass
class Run:
    """One run of the loader: its day, what it made so far, what it did."""

    today: date
    images: dict = dataclass_field(default_factory=dict)
    partners: dict = dataclass_field(default_factory=dict)
    organisations: dict = dataclass_field(default_factory=dict)
    resources: dict = dataclass_field(default_factory=dict)
    tally: Counter = dataclass_field(default_factory=Counter)

    def count(self, kind, status):
        self.tally[kind, status] += 1


# ---------------------------------------------------------------------------
# Images.


def make_image(title, png, description=""):
    """The Wagtail image called ``title``, made from ``png`` if there is none yet.

    Returns (image, created).
    """
    image = Image.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image, False
    image = Image(title=title, description=description[:255])
    image.file = ImageFile(io.BytesIO(png), name=f"{slugify(title)[:60]}.png")
    image._set_image_file_metadata()
    image.save()
    return image, True


def load_images(run):
    """Every picture of PICTURES and every partner logo, made once."""
    for key, (caption, colour, motif) in PICTURES.items():
        image, created = make_image(
            f"Démo – {caption}", draw_picture(colour, motif), picture_alt(motif)
        )
        run.images[key] = image
        run.count("image", "created" if created else "unchanged")
    for spec in PARTNERS.values():
        title = f"Logo – {spec['name']}"
        if title not in run.images:  # the commune has two roles, one logo
            initials, colour = spec["logo"]
            image, created = make_image(
                title,
                draw_logo(colour, initials),
                f"Logo de démonstration : {spec['name']}",
            )
            run.images[title] = image
            run.count("image", "created" if created else "unchanged")


# ---------------------------------------------------------------------------
# Pages.


def _stream_data(value):
    """A stream's blocks as (type, raw value) pairs, without the block ids."""
    return [(block["type"], block["value"]) for block in value.raw_data]


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def assign(obj, values):
    """Set ``values`` on ``obj``; True when one of them changed.

    Handles plain fields, foreign keys, stream fields, a page's inline rows
    (a list of dicts, replaced as a whole when they differ) and parental
    many-to-many fields (a list of objects).
    """
    changed = False
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.one_to_many:  # inline rows: OpeningHours, FormField...
            keys = value[0].keys() if value else ()
            current = [
                {key: _plain(getattr(row, key)) for key in keys}
                for row in getattr(obj, name).all()
            ]
            wanted = [{key: _plain(v) for key, v in row.items()} for row in value]
            if current != wanted:
                setattr(
                    obj,
                    name,
                    [
                        field.related_model(sort_order=order, **row)
                        for order, row in enumerate(value)
                    ],
                )
                changed = True
        elif field.many_to_many:
            current = {item.pk for item in getattr(obj, name).all()}
            if current != {item.pk for item in value}:
                setattr(obj, name, value)
                changed = True
        elif isinstance(field, StreamField):
            if obj.pk is None or _stream_data(getattr(obj, name)) != [
                (block["type"], block["value"]) for block in value
            ]:
                setattr(obj, name, value)
                changed = True
        elif field.is_relation:
            if getattr(obj, field.attname) != _plain(value):
                setattr(obj, name, value)
                changed = True
        else:
            value = field.to_python(value)
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
    return changed


def ensure_page(parent, model, slug, **fields):
    """The ``model`` page ``slug`` under ``parent``, created or updated (not
    yet published). Returns (page, status), status one of "created",
    "updated", "unchanged"."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug)
        assign(page, fields)
        parent.add_child(instance=page)
        return page, "created"
    if assign(page, fields):
        page.save()
        return page, "updated"
    return page, "unchanged"


def publish(page):
    # From the database again: the revision must hold the page's rows as
    # saved (its schedules above all, which are part of the revision and
    # which publishing would otherwise put back as the revision had them).
    page = page.specific_class.objects.get(pk=page.pk)
    page.save_revision().publish()
    return page


def settle(page, status, run, *, also_changed=False):
    """Publish ``page`` when it or its schedules changed (or it is not live),
    and count it. An editor's draft of an unchanged page is left alone."""
    if also_changed and status == "unchanged":
        status = "updated"
    if status != "unchanged" or not page.live:
        page = publish(page)
    run.count("page", status)
    return page


# ---------------------------------------------------------------------------
# Schedules.


def schedule_values(spec, today):
    values = dict(spec)
    del values["label"]
    if "resource" in values:  # a shared resource, by its slug
        values["resource"] = Resource.objects.get(slug=values["resource"])
    rule = values.pop("rule")
    if callable(rule):
        days = rule(today)
        values["recurrences"] = recurrence.Recurrence(
            rdates=[session_start(day, values["start_time"]) for day in days]
        )
        values["starts_on"], values["ends_on"] = days[0], days[-1]
    else:
        values["recurrences"] = copy.deepcopy(rule)
        values["starts_on"], values["ends_on"] = school_year(today)
    return values


def ensure_schedule(page, spec, today):
    """The schedule labelled ``spec["label"]`` on ``page``, created or updated
    in place. Returns its status."""
    values = schedule_values(spec, today)
    schedule = Schedule.objects.filter(page=page, label=spec["label"]).first()
    if schedule is None:
        Schedule.objects.create(page=page, label=spec["label"], **values)
        return "created"
    # Compared as RFC 2445 text: Recurrence objects have no equality.
    wanted_rule = values.pop("recurrences")
    changed = assign(schedule, values)
    if str(schedule.recurrences) != str(wanted_rule):
        schedule.recurrences = wanted_rule
        changed = True
    if changed:
        schedule.save()
        return "updated"
    return "unchanged"


def ensure_schedules(page, specs, run):
    """True when one of the page's schedules was created or changed."""
    changed = False
    for spec in specs:
        status = ensure_schedule(page, spec, run.today)
        run.count("schedule", status)
        changed = changed or status != "unchanged"
    return changed


# ---------------------------------------------------------------------------
# Loading each part.


def load_partners(run):
    for key, spec in PARTNERS.items():
        partner = Partner.objects.filter(name=spec["name"], role=spec["role"]).first()
        values = {
            "description": spec["description"],
            "logo": run.images[f"Logo – {spec['name']}"],
        }
        if partner is None:
            partner = Partner.objects.create(
                name=spec["name"], role=spec["role"], **values
            )
            status = "created"
        elif assign(partner, values):
            partner.save()
            status = "updated"
        else:
            status = "unchanged"
        run.count("partner", status)
        run.partners[key] = partner


def link_partners(run):
    """A partner shown on the site and the organisation that reserves in its
    name are one (``Partner.organisation``)."""
    for key, spec in PARTNERS.items():
        partner = run.partners[key]
        organisation = run.organisations.get(spec.get("organisation"))
        if assign(partner, {"organisation": organisation}):
            partner.save()


def load_home(run):
    """The home page, made the default site's root in place of Wagtail's
    welcome page."""
    root = Page.get_first_root_node()
    fields = {key: value for key, value in HOME.items() if key != "slug"}
    fields["image"] = run.images[HOME["image"]]
    home, status = ensure_page(root, HomePage, HOME["slug"], **fields)
    home = settle(home, status, run)

    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    site_values = {
        "hostname": SITE_HOSTNAME,
        "port": SITE_PORT,
        "site_name": HOME["title"],
        "root_page": home,
    }
    changed = assign(site, site_values)
    if site.pk is None or changed:
        site.save()
        run.count("site", "updated")

    # Only Wagtail's own placeholder goes: a plain page with its title, left
    # empty; anything an editor made stays.
    welcome = Page.objects.filter(
        depth=2,
        title=WELCOME_TITLE,
        content_type=ContentType.objects.get_for_model(Page),
        numchild=0,
    ).exclude(sites_rooted_here__isnull=False)
    for page in welcome:
        page.delete()
        run.count("welcome page", "deleted")
    return home, site


def load_site_settings(site, run):
    site_settings = SiteSettings.for_site(site)
    if assign(site_settings, SITE_SETTINGS):
        site_settings.save()
        run.count("settings", "updated")


def load_activity(index, model, spec, run, extra=None):
    extra = extra or {}
    fields = {
        key: value
        for key, value in spec.items()
        if key not in {"slug", "schedules", "image"}
        and key not in extra.get("drop", ())
    }
    fields.update(extra.get("fields", {}))
    fields["image"] = run.images[spec["image"]]
    page, status = ensure_page(index, model, spec["slug"], **fields)
    schedules_changed = ensure_schedules(page, spec.get("schedules", []), run)
    return settle(page, status, run, also_changed=schedules_changed)


def dated(index, model, spec, today):
    """The date of an outing or sport event: kept while still to come, so a
    rerun does not move sessions people booked."""
    existing = model.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None and existing.date >= today:
        return existing.date
    return next_weekday(today, spec["weekday"], spec["in_days"])


def load_local(home, spec, run):
    fields = {
        key: spec[key]
        for key in (
            "title",
            "introduction",
            "street_address",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "phone",
            "email",
            "coordinator",
            "accessibility",
            "body",
        )
    }
    fields["image"] = run.images[spec["image"]]
    fields["opening_hours"] = [
        {"weekday": day, "opens_at": opens, "closes_at": closes, "label": label}
        for day, opens, closes, label in spec["opening_hours"]
    ]
    fields["gallery_images"] = [
        {"image": run.images[key], "caption": PICTURES[key][0]}
        for key in spec["photos"]
    ]
    fields["partners"] = [run.partners[key] for key in spec["partners"]]
    local, status = ensure_page(home, LocalPage, spec["slug"], **fields)
    local = settle(local, status, run)

    index, status = ensure_page(
        local,
        ActivityIndexPage,
        "activites",
        title="Activités",
        introduction=f"Ce qui se passe au {spec['title'][0].lower()}"
        f"{spec['title'][1:]}, semaine après semaine : permanences, ateliers, "
        "sorties et temps forts.",
    )
    index = settle(index, status, run)

    for activity in spec["activities"]:
        load_activity(index, ActivityPage, activity, run)
    # Outings get no schedule here: publishing one syncs its single session
    # from the page's own fields (OutingPage.sync_schedule).
    for outing in spec["outings"]:
        day = dated(index, OutingPage, outing, run.today)
        extra = {
            "drop": {"weekday", "in_days", "deadline_days_before"},
            "fields": {
                "resource": run.resources.get(outing.get("resource")),
                "date": day,
                "registration_deadline": day
                - timedelta(days=outing["deadline_days_before"]),
            },
        }
        load_activity(index, OutingPage, outing, run, extra)
    if spec["sport_events"]:
        load_youth_section(local, index, spec, run)
    return local


def load_youth_section(local, index, spec, run):
    """The youth centre's own section of the local, where its account adds,
    edits and publishes its sport events; each holds its slot on the space."""
    section, status = ensure_page(
        local,
        ActivityIndexPage,
        "maison-des-jeunes",
        title="Avec la maison des jeunes",
        introduction="Les tournois et les animations de la maison des jeunes "
        "sur l'espace multi-sports de la cité.",
    )
    section = settle(section, status, run)
    for event in spec["sport_events"]:
        # Events of an older demo sat among the activities: move them over.
        moved = SportEventPage.objects.child_of(index).filter(slug=event["slug"])
        for page in moved:
            page.move(section, pos="last-child")
        extra = {
            "drop": {"weekday", "in_days", "organiser", "resource", "organisation"},
            "fields": {
                "date": dated(section, SportEventPage, event, run.today),
                "organiser": run.partners[event["organiser"]],
                "resource": run.resources[event["resource"]],
                "organisation": run.organisations[event["organisation"]],
            },
        }
        load_activity(section, SportEventPage, event, run, extra)
    return section


def load_standard_pages(home, run):
    for spec in STANDARD_PAGES:
        fields = {key: value for key, value in spec.items() if key != "slug"}
        page, status = ensure_page(home, StandardPage, spec["slug"], **fields)
        settle(page, status, run)


def load_form_pages(home, run):
    for spec in FORM_PAGES:
        rows = [
            {
                "label": label,
                "field_type": field_type,
                "required": required,
                "choices": choices,
                "help_text": help_text,
            }
            for label, field_type, required, choices, help_text in spec["fields"]
        ]
        page, status = ensure_page(
            home,
            FormPage,
            spec["slug"],
            title=spec["title"],
            introduction=spec["introduction"],
            thank_you_text=spec["thank_you_text"],
            subject=spec["subject"],
            to_address=TEAM_EMAIL,
            from_address=NO_REPLY_EMAIL,
            form_fields=rows,
        )
        settle(page, status, run)


def ensure_user(username, password, *, superuser, groups=()):
    """Returns the user and whether it was created."""
    user, created = get_user_model().objects.get_or_create(username=username)
    user.is_superuser = user.is_staff = superuser
    user.is_active = True
    if not user.email:
        user.email = f"{username}@viedesquartiers.example"
    if created or not user.check_password(password):
        user.set_password(password)
    user.save()
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    return user, created


# ---------------------------------------------------------------------------

KIND_LABELS = {
    "page": "pages",
    "image": "images",
    "partner": "partenaires",
    "schedule": "séries de séances",
}
STATUS_LABELS = {
    "created": "créé(es)",
    "updated": "mis(es) à jour",
    "unchanged": "inchangé(es)",
}


class Command(BaseCommand):
    help = (
        "Charge le programme de démonstration de Vie des quartiers (deux "
        "locaux, activités, séances, partenaires, pages légales, formulaires, "
        "comptes admin et bénévole). Peut être relancée sans rien dupliquer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--meme-en-production",
            action="store_true",
            dest="in_production",
            help=(
                "Charger la démo malgré les réglages de production (un site "
                "de recette) ; ADMIN_PASSWORD doit alors être choisi."
            ),
        )

    def handle(self, *args, **options):
        password = os.environ.get("ADMIN_PASSWORD") or DEFAULT_PASSWORD
        if settings.PRODUCTION:
            self.refuse_in_production(password, options["in_production"])
        run = Run(today=timezone.localdate())
        with transaction.atomic():
            load_images(run)
            load_partners(run)
            run.organisations, run.resources = load_shared_resources()
            link_partners(run)
            home, site = load_home(run)
            load_site_settings(site, run)
            for local in LOCALS:
                load_local(home, local, run)
            load_standard_pages(home, run)
            load_form_pages(home, run)
            ensure_user("admin", password, superuser=True)
            ensure_user("benevole", password, superuser=False, groups=["Editors"])
            partner, _ = ensure_user(PARTNER_USERNAME, password, superuser=False)
            give_partner_section(
                ActivityIndexPage.objects.get(slug="maison-des-jeunes"),
                partner,
                run.organisations,
            )
            load_youth_series(run.organisations, run.resources, run.today)
            request_for_approval(run.organisations[YOUTH_CENTRE], partner, run)
        if "materialise_sessions" in get_commands():
            call_command("materialise_sessions", stdout=self.stdout)
        self.report(run.tally, site, password)

    @staticmethod
    def refuse_in_production(password, asked):
        """The demo's accounts, with the README's password, on a real site: no."""
        if not asked:
            raise CommandError(
                "Réglages de production : la démo n'est pas chargée (elle crée "
                "les comptes « admin » et « benevole »). Pour un site de "
                "recette, relancez avec --meme-en-production et ADMIN_PASSWORD."
            )
        if password == DEFAULT_PASSWORD:
            raise CommandError(
                "Réglages de production : le mot de passe public de la démo est "
                "refusé. Choisissez-en un avec la variable ADMIN_PASSWORD."
            )

    def report(self, tally, site, password):
        self.stdout.write(self.style.SUCCESS("Démo Vie des quartiers chargée."))
        for kind, label in KIND_LABELS.items():
            counts = ", ".join(
                f"{tally[kind, status]} {status_label}"
                for status, status_label in STATUS_LABELS.items()
                if tally[kind, status]
            )
            self.stdout.write(f"  {label} : {counts or 'aucune'}")
        if tally["welcome page", "deleted"]:
            self.stdout.write("  page d'accueil par défaut de Wagtail supprimée")
        self.stdout.write(
            f"  site : {site.site_name} sur http://{site.hostname}:{site.port}/"
        )
        url = f"http://{SITE_HOSTNAME}:{SITE_PORT}/admin/"
        self.stdout.write("")
        self.stdout.write("Pour vous connecter à l'administration :")
        self.stdout.write(f"  lancez « manage.py runserver » puis ouvrez {url}")
        self.stdout.write(
            f"  administrateur : identifiant « admin », mot de passe « {password} »"
        )
        self.stdout.write(
            f"  bénévole (éditeur) : identifiant « benevole », mot de passe "
            f"« {password} »"
        )
        self.stdout.write(
            f"  maison des jeunes (partenaire) : identifiant « {PARTNER_USERNAME} », "
            f"mot de passe « {password} »"
        )
        if password == DEFAULT_PASSWORD:
            self.stdout.write(
                "  (mot de passe par défaut : changez-le avec la variable "
                "ADMIN_PASSWORD)"
            )
