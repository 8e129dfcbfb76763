"""Page types that describe places and what happens there."""

from dataclasses import dataclass
from datetime import UTC, datetime, time
from http import HTTPMethod

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from bookings import services
from bookings.calendar import session_start
from bookings.feeds import calendar_response
from bookings.models import Occurrence, Schedule
from bookings.prepared import CompiledPerForm
from bookings.reservation_forms import organisations_for
from home import chrome
from home.restrictions import ViewRestrictionsInOneQuery, without_restricted

from . import programme
from .blocks import BodyBlock

# What people do with a page: read it. Wagtail also answers PUT, PATCH,
# DELETE and OPTIONS by default; nothing here uses them, so they get the
# French 405 page. A form page adds POST.
READ_ONLY_METHODS = [HTTPMethod.GET, HTTPMethod.HEAD]


class Category(models.TextChoices):
    DROP_IN = "accueil", _("Permanence d'accueil")
    JOB_SEARCH = "emploi", _("Recherche d'emploi")
    WORKSHOP = "atelier", _("Atelier")
    HOMEWORK = "scolaire", _("Accompagnement scolaire")
    SPORT = "sport", _("Sport")
    HIGHLIGHT = "temps-fort", _("Temps fort")


# The filter of an activity index offers outings as one more category.
OUTINGS = "sortie"


class Audience(models.TextChoices):
    EVERYONE = "tous", _("Tout public")
    CHILDREN = "enfants", _("Enfants")
    YOUTH = "jeunes", _("Jeunes")
    ADULTS = "adultes", _("Adultes")
    FAMILIES = "familles", _("Familles")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


def optional_image(verbose_name):
    """An image the editor may leave out; deleting the image empties the field."""
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


@register_snippet
class Partner(index.Indexed, models.Model):
    """An organisation that works with the programme or funds it."""

    class Role(models.TextChoices):
        OPERATIONAL = "operational", _("Partenaire opérationnel")
        FUNDER = "funder", _("Financeur")

    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(
        _("rôle"),
        max_length=16,
        choices=Role.choices,
        default=Role.OPERATIONAL,
        help_text=_("Les financeurs et les partenaires sont présentés à part."),
    )
    logo = optional_image(_("logo"))
    url = models.URLField(_("site web"), blank=True)
    description = models.CharField(
        _("en une phrase"),
        max_length=255,
        blank=True,
        help_text=_("Ce que fait ce partenaire."),
    )
    organisation = models.OneToOneField(
        "bookings.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner",
        verbose_name=_("organisation dans les réservations"),
        help_text=_(
            "La même, telle qu'elle réserve les ressources partagées : ses "
            "événements sportifs la présentent avec ce nom et ce logo."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("logo"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("organisation"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires et financeurs")
        ordering = ["role", "name"]

    def __str__(self):
        return self.name


def session_pages_under(page, request=None):
    """The live pages under ``page`` that can have sessions and that no view
    restriction hides, specific, by id.

    Kept per generation of the site when ``request`` is given (every page
    saved, published, moved or deleted and every restriction renews it):
    the pages a listing names cost no query while the site is unchanged.
    """

    def build():
        pages = without_restricted(
            Page.objects.descendant_of(page)
            .live()
            .type(ActivityPage, OutingPage, SportEventPage)
        ).specific()
        return {each.pk: each for each in pages}

    if request is None:
        return build()
    return chrome.shared(request, ("session-pages", page.pk), build)


def sessions_of(pages_by_id, limit=None, until=None):
    """Coming sessions of ``pages_by_id`` (live pages no restriction hides,
    by id, as ``session_pages_under`` gives), counts included, each given its
    page: one query, with no join to the pages, its SQL compiled once per
    process (``bookings.prepared``).

    With a ``limit``, the first sessions are chosen before their places are
    counted: the work does not grow with the number of coming sessions. With
    ``until``, only sessions starting before it.
    """
    if not pages_by_id:
        return []
    return with_pages(
        _COMING_SESSIONS(limit, list(pages_by_id), timezone.now(), until or NO_END),
        pages_by_id,
    )


def with_pages(sessions, pages_by_id):
    """``sessions``, each given its page from ``pages_by_id`` (no query)."""
    for session in sessions:
        session.page = pages_by_id[session.page_id]
    return sessions


# « Until the end of time » for a query that always takes an end.
NO_END = datetime(9999, 12, 31, tzinfo=UTC)


def _coming_sessions(limit, page_ids, now, until):
    order = ("starts_at", "pk")
    sessions = (
        Occurrence.objects.upcoming(now)
        .filter(page_id__in=page_ids, starts_at__lt=until)
        .order_by(*order)
    )
    if limit:
        first = sessions.values("pk")[:limit]
        sessions = Occurrence.objects.filter(pk__in=first).order_by(*order)
    return sessions.with_counts()


# The queries of sessions_of, one per limit.
_COMING_SESSIONS = CompiledPerForm(_coming_sessions)


class LocalPage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """A neighbourhood local: where it is, when it is open, who runs it."""

    introduction = models.TextField(
        _("présentation"),
        help_text=_("Deux ou trois phrases lues en premier."),
        blank=True,
    )
    street_address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(_("code postal"), max_length=10)
    city = models.CharField(_("commune"), max_length=120)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Position sur la carte, par exemple 47.5290."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Position sur la carte, par exemple -0.6140."),
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    coordinator = models.CharField(
        _("coordinatrice ou coordinateur"),
        max_length=120,
        blank=True,
        help_text=_(
            "Nom et fonction, par exemple « Marie, coordinatrice de lien social »."
        ),
    )
    accessibility = models.TextField(
        _("accessibilité du local"),
        blank=True,
        help_text=_("Accès en fauteuil, marches, toilettes adaptées, stationnement..."),
    )
    image = optional_image(_("image principale"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))
    partners = ParentalManyToManyField(
        Partner, blank=True, related_name="locals", verbose_name=_("partenaires")
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Adresse"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("coordinator"),
            ],
            heading=_("Contact"),
        ),
        InlinePanel(
            "opening_hours", heading=_("Horaires d'accueil"), label=_("créneau")
        ),
        FieldPanel("accessibility"),
        FieldPanel("image"),
        InlinePanel("gallery_images", heading=_("Photos"), label=_("photo")),
        FieldPanel("body"),
        FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("street_address"),
        index.SearchField("city"),
        index.SearchField("body"),
    ]

    # A local sits under the home page and holds its activity index.
    allowed_http_methods = READ_ONLY_METHODS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["activities.ActivityIndexPage"]

    class Meta:
        verbose_name = _("local")
        verbose_name_plural = _("locaux")

    @property
    def map_url(self):
        """The local on OpenStreetMap, or "" without coordinates."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = self.latitude, self.longitude
        return (
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
        )

    @cached_property
    def activity_index(self):
        return without_restricted(
            ActivityIndexPage.objects.child_of(self).live()
        ).first()

    def get_upcoming_sessions(self, limit=8, request=None):
        return sessions_of(session_pages_under(self, request), limit)

    # Not "agenda.ics": Wagtail serves only slug-like segments, without dots.
    @re_path(r"^ical/$", name="calendar")
    def calendar_feed(self, request):
        """iCal feed of the sessions of every page under this local."""
        sessions = Occurrence.objects.filter(page__in=Page.objects.descendant_of(self))
        return calendar_response(request, sessions, name=self.title)

    @re_path(r"^programme/$", name="programme")
    def programme(self, request):
        """The week's or the month's programme, printable on A4."""
        return self.serve_programme(request)

    @re_path(r"^programme/pdf/$", name="programme_pdf")
    def programme_pdf(self, request):
        """The same programme as a PDF to hand out."""
        return self.serve_programme(request, as_pdf=True)

    def serve_programme(self, request, as_pdf=False):
        from .forms import ProgrammeForm

        form = ProgrammeForm(request.GET or None)
        valid = form.is_valid() if request.GET else True
        choice = form.cleaned_data if request.GET and valid else {}
        period = choice.get("periode") or programme.WEEK
        first, last = programme.period_for(period, choice.get("debut"))
        page_url = self.get_full_url(request)
        days = programme.programme_days(self, first, last)
        context = {
            "page": self,
            "self": self,
            "request": request,
            "form": form,
            "period": period,
            "first": first,
            "last": last,
            "days": days,
            "nothing_on": all(day.is_empty for day in days),
            "printed_at": timezone.localtime(),
            "page_url": page_url,
            "qr_code": programme.qr_code_data_uri(page_url),
            "query": request.GET.urlencode(),
        }
        if as_pdf and valid:
            response = HttpResponse(
                programme.render_pdf(context, request), content_type="application/pdf"
            )
            name = f"programme-{self.slug}-{first:%Y-%m-%d}.pdf"
            response["Content-Disposition"] = f'inline; filename="{name}"'
            return response
        return TemplateResponse(
            request,
            "activities/programme.html",
            context,
            status=200 if valid else 400,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["opening_hours"] = self.opening_hours.all()
        context["gallery_images"] = self.gallery_images.select_related("image")
        context["partners"] = self.partners.select_related("logo")
        context["upcoming_sessions"] = self.get_upcoming_sessions(request=request)
        return context


class OpeningHours(Orderable):
    """A weekly drop-in slot of a local."""

    page = ParentalKey(
        LocalPage, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens_at = models.TimeField(_("ouverture"))
    closes_at = models.TimeField(_("fermeture"))
    label = models.CharField(
        _("ce qu'on y trouve"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « Pause café, écoute, aide aux démarches »."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("weekday"), FieldPanel("opens_at"), FieldPanel("closes_at")]
        ),
        FieldPanel("label"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("horaire d'accueil")
        verbose_name_plural = _("horaires d'accueil")

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("La fermeture doit suivre l'ouverture.")}
            )


class LocalGalleryImage(Orderable):
    page = ParentalKey(
        LocalPage, on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("image"),
    )
    caption = models.CharField(_("légende"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


@dataclass
class Listing:
    """What an activity index shows for some filters: plain lists."""

    activities: list
    count: int
    number: int
    outings: list
    sport_events: list

    def page(self, per_page):
        """The paginator's page of this listing, for the pagination links."""
        page = Paginator(range(self.count), per_page).page(self.number)
        page.object_list = self.activities
        return page


class ActivityIndexPage(ViewRestrictionsInOneQuery, Page):
    """What a local offers, filterable by category, audience and day."""

    introduction = models.TextField(_("présentation"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    # Long lists are cut in pages (?page=2), with the filters kept.
    ACTIVITIES_PER_PAGE = 12

    # One index per local; activities, outings and sport events live under it.
    allowed_http_methods = READ_ONLY_METHODS
    parent_page_types = ["activities.LocalPage"]
    subpage_types = [
        "activities.ActivityPage",
        "activities.OutingPage",
        "activities.SportEventPage",
    ]

    class Meta:
        verbose_name = _("liste des activités")
        verbose_name_plural = _("listes des activités")

    def get_activities(self, category=None, audience=None, weekday=None):
        activities = without_restricted(
            ActivityPage.objects.child_of(self).live()
        ).select_related("image")
        if category == OUTINGS:
            return activities.none()
        if category:
            activities = activities.filter(category=category)
        if audience:
            activities = activities.filter(audience__in=[audience, Audience.EVERYONE])
        if weekday is not None:
            activities = activities.filter(weekdays__contains=str(weekday))
        return activities.order_by("title")

    def get_outings(self, category=None, audience=None, weekday=None):
        """Coming outings; they are for everyone, so only a day or the
        « Sortie » category keeps them, any other category hides them."""
        outings = (
            without_restricted(OutingPage.objects.child_of(self).live())
            .filter(date__gte=timezone.localdate())
            .select_related("image")
        )
        if category and category != OUTINGS:
            outings = outings.none()
        if weekday is not None:
            outings = outings.filter(date__iso_week_day=weekday + 1)
        return outings.order_by("date")

    def get_sport_events(self, category=None, audience=None, weekday=None):
        """Coming sport events, filtered like the activities (category Sport)."""
        events = without_restricted(
            SportEventPage.objects.child_of(self).live()
        ).filter(date__gte=timezone.localdate())
        if category and category != Category.SPORT:
            events = events.none()
        if audience:
            events = events.filter(audience__in=[audience, Audience.EVERYONE])
        if weekday is not None:
            events = events.filter(date__iso_week_day=weekday + 1)
        return events.order_by("date", "start_time")

    def get_listing(self, filters, page_number):
        """Page ``page_number`` of the activities, and the coming outings and
        sport events, for ``filters``; None for a page the list does not have.
        """
        paginator = Paginator(self.get_activities(**filters), self.ACTIVITIES_PER_PAGE)
        try:
            activities = paginator.page(page_number)
        except (PageNotAnInteger, EmptyPage):
            return None
        return Listing(
            activities=list(activities.object_list),
            count=paginator.count,
            number=activities.number,
            outings=list(self.get_outings(**filters)),
            sport_events=list(self.get_sport_events(**filters)),
        )

    def get_context(self, request, *args, **kwargs):
        from .forms import ActivityFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = ActivityFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        page_number = request.GET.get("page", "1")
        today = timezone.localdate()
        # The same for everyone until the site changes or the day does.
        listing = chrome.per_generation(
            request,
            (
                "activity-index",
                self.pk,
                today,
                *sorted(filters.items()),
                page_number,
            ),
            lambda: self.get_listing(filters, page_number),
        )
        if listing is None:
            raise Http404(_("Cette page de la liste n'existe pas."))
        context["activities"] = listing.activities
        context["activities_page"] = listing.page(self.ACTIVITIES_PER_PAGE)
        context["outings"] = listing.outings
        context["sport_events"] = listing.sport_events
        context["listing_day"] = today
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A filter value no form offers (a tampered or stale link) is a bad
        # request; the page still lists everything, with the error shown.
        form = (getattr(response, "context_data", None) or {}).get("filter_form")
        if form is not None and form.errors:
            response.status_code = 400
        return response


class DetailPage(ViewRestrictionsInOneQuery, Page):
    """What happens at a local: an activity, an outing, a sport event."""

    summary = models.CharField(
        _("en une phrase"),
        max_length=255,
        help_text=_("Affiché dans les listes d'activités."),
    )
    image = optional_image(_("image"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    # Each belongs to one local's activity index.
    allowed_http_methods = READ_ONLY_METHODS
    parent_page_types = ["activities.ActivityIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    @cached_property
    def local(self):
        return LocalPage.objects.ancestor_of(self).first()

    def get_upcoming_sessions(self, limit=20):
        """This page's coming sessions, while it is live and no view
        restriction hides it (then they can be booked)."""
        if not self.live or self.get_view_restrictions():
            return []
        return sessions_of({self.pk: self}, limit)


class SessionPage(RoutablePageMixin, DetailPage):
    """A page whose sessions residents book: an activity or an outing."""

    what_to_bring = models.TextField(_("à apporter"), blank=True)

    class Meta:
        abstract = True

    # Not "agenda.ics": Wagtail serves only slug-like segments, without dots.
    @re_path(r"^ical/$", name="calendar")
    def calendar_feed(self, request):
        """iCal feed of this page's sessions."""
        sessions = Occurrence.objects.filter(page=self)
        return calendar_response(request, sessions, name=self.title)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_sessions"] = self.get_upcoming_sessions()
        return context


class ActivityPage(SessionPage):
    """A regular activity of a local: a workshop, a drop-in, homework help..."""

    category = models.CharField(_("catégorie"), max_length=16, choices=Category.choices)
    audience = models.CharField(
        _("public"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    price = models.DecimalField(
        _("prix"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vide : gratuit."),
    )
    price_note = models.CharField(
        _("précision sur le prix"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « par famille » ou « adhésion annuelle »."),
    )
    # Days of the week the activity runs on, "1,3" for Tuesday and Thursday;
    # kept in step with the schedules so that the index filters in one query.
    weekdays = models.CharField(max_length=20, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("audience")]),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price"), FieldPanel("price_note")]),
                FieldPanel("what_to_bring"),
            ],
            heading=_("Infos pratiques"),
        ),
        # Sessions are materialised from these when the page is published.
        InlinePanel(
            "schedules",
            heading=_("Séances et réservations"),
            label=_("série de séances"),
        ),
    ]

    search_fields = DetailPage.search_fields + [
        index.FilterField("category"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")

    @property
    def is_free(self):
        return not self.price

    def update_weekdays(self):
        """Store the weekdays of the coming sessions, for the index's day filter."""
        starts = (
            Occurrence.objects.filter(page=self)
            .upcoming()
            .scheduled()
            .values_list("starts_at", flat=True)
        )
        days = sorted({timezone.localtime(start).weekday() for start in starts})
        self.weekdays = ",".join(map(str, days))
        ActivityPage.objects.filter(pk=self.pk).update(weekdays=self.weekdays)


class OutingPage(SessionPage):
    """A day outing: one date, a departure, a return, a price per person."""

    date = models.DateField(_("date"))
    departure_place = models.CharField(_("lieu de départ"), max_length=255)
    departure_time = models.TimeField(_("heure de départ"))
    return_time = models.TimeField(_("heure de retour"))
    price_adult = models.DecimalField(
        _("prix par adulte"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vide : gratuit."),
    )
    price_child = models.DecimalField(
        _("prix par enfant"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vide : gratuit."),
    )
    registration_deadline = models.DateField(
        _("inscriptions jusqu'au"), help_text=_("Dernier jour pour s'inscrire.")
    )
    places = models.PositiveIntegerField(
        _("places"),
        default=30,
        help_text=_(
            "Places dans le car ou le minibus (adultes et enfants) ; pas plus "
            "que le véhicule réservé n'en a."
        ),
    )
    max_places_per_booking = models.PositiveIntegerField(
        _("places maximum par réservation"),
        default=6,
        help_text=_("Le plus de places qu'une même famille peut réserver."),
    )
    places_held_back = models.PositiveIntegerField(
        _("places gardées pour l'accueil"),
        default=4,
        help_text=_("Places réservables seulement au local ou par téléphone."),
    )
    resource = models.ForeignKey(
        "bookings.Resource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("véhicule réservé"),
        help_text=_(
            "La ressource partagée que la sortie occupe du départ au retour "
            "(le minibus). La publication est refusée si elle est déjà prise."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldRowPanel(
                    [FieldPanel("departure_time"), FieldPanel("return_time")]
                ),
                FieldPanel("departure_place"),
                FieldPanel("registration_deadline"),
                FieldPanel("resource"),
            ],
            heading=_("Date et départ"),
        ),
        FieldRowPanel(
            [FieldPanel("price_adult"), FieldPanel("price_child")], heading=_("Prix")
        ),
        MultiFieldPanel(
            [
                FieldPanel("places"),
                FieldRowPanel(
                    [
                        FieldPanel("max_places_per_booking"),
                        FieldPanel("places_held_back"),
                    ]
                ),
            ],
            heading=_("Places"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("what_to_bring"),
    ]

    search_fields = DetailPage.search_fields + [index.SearchField("departure_place")]

    class Meta:
        verbose_name = _("sortie")
        verbose_name_plural = _("sorties")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.departure_time
            and self.return_time
            and self.return_time <= self.departure_time
        ):
            errors["return_time"] = _("Le retour doit suivre le départ.")
        if (
            self.date
            and self.registration_deadline
            and self.registration_deadline > self.date
        ):
            errors["registration_deadline"] = _(
                "La clôture des inscriptions doit précéder la sortie."
            )
        if self.places is not None:
            schedule = (
                Schedule.objects.filter(page=self).order_by("pk").first()
                if self.pk
                else None
            )
            refusal = services.places_refusal(schedule, self.places)
            refusal = refusal or services.capacity_refusal(
                self.resource if self.resource_id else None, self.places
            )
            if refusal:
                errors["places"] = refusal.message
        if errors:
            raise ValidationError(errors)

    @property
    def departs_at(self):
        return timezone.make_aware(datetime.combine(self.date, self.departure_time))

    @property
    def duration(self):
        return datetime.combine(self.date, self.return_time) - datetime.combine(
            self.date, self.departure_time
        )

    @property
    def is_free(self):
        return not self.price_adult and not self.price_child

    def sync_schedule(self):
        """Keep the outing's one session in step with its date, times, places
        and vehicle (its slot on ``resource``, refused if taken).

        Registration closes at the end of the deadline day.
        """
        services.ensure_single_date_schedule(self, **self._schedule_values())

    def schedules_to_publish(self):
        """The schedule publishing would give the outing (read only)."""
        return [services.single_date_schedule(self, **self._schedule_values())]

    def _schedule_values(self):
        days_before = (self.date - self.registration_deadline).days
        return dict(
            resource=self.resource,
            day=self.date,
            start_time=self.departure_time,
            duration_minutes=int(self.duration.total_seconds() // 60),
            places=self.places,
            max_places_per_booking=self.max_places_per_booking,
            places_held_back=self.places_held_back,
            adult_required=True,
            bookable_online=True,
            booking_opens_days_before=None,
            booking_closes_days_before=max(0, days_before - 1),
            booking_closes_at=time(0, 0) if days_before > 0 else None,
        )


class SportEventPageForm(WagtailAdminPageForm):
    """A partner books in the name of the organisations it acts for only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "organisation" in self.fields:
            self.fields["organisation"].queryset = organisations_for(self.for_user)


class SportEventPage(DetailPage):
    """An event on the multi-sports space, often run by the youth centre.

    Publishing it reserves its slot on the shared resource it names, or is
    refused with the collision (``bookings.wagtail_hooks``).
    """

    date = models.DateField(_("date"))
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))
    location = models.CharField(
        _("lieu"),
        max_length=255,
        default="Espace multi-sports",
        help_text=_("Par exemple « Espace multi-sports de la cité »."),
    )
    organiser = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisé par"),
    )
    audience = models.CharField(
        _("public"), max_length=16, choices=Audience.choices, default=Audience.YOUTH
    )
    resource = models.ForeignKey(
        "bookings.Resource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lieu réservé"),
        help_text=_(
            "La ressource partagée que l'événement occupe (espace multi-sports). "
            "La publication réserve le créneau, ou est refusée s'il est pris."
        ),
    )
    organisation = models.ForeignKey(
        "bookings.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("réservé au nom de"),
        help_text=_(
            "L'organisation qui réserve le lieu (la vôtre) ; ses membres voient "
            "les réservations des habitants pour l'événement."
        ),
    )
    takes_bookings = models.BooleanField(
        _("ouvrir aux réservations des habitants"),
        default=False,
        help_text=_(
            "Les habitants réservent leur place en ligne, comme pour une "
            "activité ; vous voyez leurs réservations dans le menu Réservations."
        ),
    )
    places = models.PositiveIntegerField(
        _("places"), default=20, help_text=_("Places offertes aux habitants.")
    )
    max_places_per_booking = models.PositiveIntegerField(
        _("places maximum par réservation"),
        default=4,
        help_text=_("Le plus de places qu'une même réservation peut prendre."),
    )

    base_form_class = SportEventPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]
        ),
        FieldPanel("location"),
        FieldRowPanel([FieldPanel("resource"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("audience")]),
        MultiFieldPanel(
            [
                FieldPanel("takes_bookings"),
                FieldRowPanel(
                    [FieldPanel("places"), FieldPanel("max_places_per_booking")]
                ),
            ],
            heading=_("Réservations des habitants"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("événement sportif")
        verbose_name_plural = _("événements sportifs")

    def clean(self):
        super().clean()
        if self.organisation_id and not self.organiser_id:
            # The organisation that reserves is the partner shown on the site.
            self.organiser = Partner.objects.filter(
                organisation_id=self.organisation_id
            ).first()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("La fin doit suivre le début.")})
        if self.resource_id and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("Indiquez au nom de qui le lieu est réservé.")}
            )
        if self.takes_bookings and not self.organisation_id:
            raise ValidationError(
                {
                    "organisation": _(
                        "Indiquez l'organisation qui reçoit les réservations des "
                        "habitants."
                    )
                }
            )
        errors = {}
        if self.pk and self.takes_bookings and self.places is not None:
            refusal = services.places_refusal(self._schedule(), self.places)
            if refusal:
                errors["places"] = refusal.message
        if self.pk and not self.takes_bookings and self._has_bookings():
            errors["takes_bookings"] = _(
                "Des habitants ont réservé : annulez d'abord la séance (menu "
                "Réservations) pour qu'ils soient prévenus."
            )
        if errors:
            raise ValidationError(errors)

    def _schedule(self):
        return Schedule.objects.filter(page=self).order_by("pk").first()

    def _has_bookings(self):
        return (
            Occurrence.objects.filter(page=self)
            .upcoming()
            .scheduled()
            .with_active_bookings()
            .exists()
        )

    @property
    def starts_at(self):
        return session_start(self.date, self.start_time)

    @property
    def ends_at(self):
        return session_start(self.date, self.end_time)

    def reserved_slot(self):
        """What the event holds on a shared resource (None: nothing)."""
        if not (self.resource_id and self.organisation_id):
            return None
        return {
            "resource": self.resource,
            "organisation": self.organisation,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
        }

    def hold_slot(self, *, user=None):
        """Reserve the event's slot (on publish); free it when it names none."""
        slot = self.reserved_slot()
        if slot is None:
            services.release_page(self)
            return None
        return services.reserve_for_page(self, user=user, **slot)

    def sync_schedule(self):
        """Open to bookings: one session on the event's date and times, whose
        bookings the event's organisation sees; closed: no session.

        The session holds no slot of its own: the event's reservation
        (``hold_slot``) is the one the space's schedule shows.
        """
        if self.takes_bookings:
            services.ensure_single_date_schedule(self, **self._schedule_values())
        else:
            services.retire_page_schedules(self)

    def schedules_to_publish(self):
        """The schedule publishing would give the event (read only)."""
        if not self.takes_bookings:
            return []
        return [services.single_date_schedule(self, **self._schedule_values())]

    def _schedule_values(self):
        duration = datetime.combine(self.date, self.end_time) - datetime.combine(
            self.date, self.start_time
        )
        return dict(
            resource=None,
            organisation=self.organisation,
            day=self.date,
            start_time=self.start_time,
            duration_minutes=int(duration.total_seconds() // 60),
            places=self.places,
            max_places_per_booking=self.max_places_per_booking,
            places_held_back=0,
            adult_required=False,
            bookable_online=True,
            booking_opens_days_before=None,
            booking_closes_days_before=0,
            booking_closes_at=None,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.takes_bookings:
            context["upcoming_sessions"] = self.get_upcoming_sessions()
        return context
