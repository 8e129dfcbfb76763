"""Home page, standard pages, form pages and the site-wide settings."""

from datetime import datetime, time, timedelta
from http import HTTPMethod

from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from activities.blocks import BodyBlock
from activities.models import (
    READ_ONLY_METHODS,
    Category,
    LocalPage,
    Partner,
    optional_image,
    session_pages_under,
    sessions_of,
    with_pages,
)
from bookings.display import shown_as
from bookings.models import Occurrence
from bookings.prepared import CompiledOnce
from home.restrictions import ViewRestrictionsInOneQuery, without_restricted

from . import chrome, whats_on
from .forms import LimitedFormBuilder


def next_session_of_each(page_ids, now, limit=3):
    """The next session of each of these pages, soonest first, at most
    ``limit``, counts included."""
    coming = Occurrence.objects.upcoming(now).filter(page_id__in=page_ids)
    first_of_its_page = (
        coming.filter(page=OuterRef("page")).order_by("starts_at", "pk")
    ).values("pk")[:1]
    shown = (
        coming.filter(pk=Subquery(first_of_its_page))
        .order_by("starts_at", "pk")
        .values("pk")[:limit]
    )
    return (
        Occurrence.objects.filter(pk__in=shown)
        .order_by("starts_at", "pk")
        .with_counts()
    )


# Compiled once per process (bookings.prepared), for the home page's three
# highlights.
NEXT_HIGHLIGHTS = CompiledOnce(next_session_of_each)


class HomePage(ViewRestrictionsInOneQuery, Page):
    """What Vie des quartiers is, its locals, what is on, its partners."""

    introduction = models.TextField(
        _("présentation"),
        help_text=_("Ce qu'est Vie des quartiers, en quelques phrases."),
    )
    image = optional_image(_("image d'accueil"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # The site has one home page, at the root; everything else sits below it.
    allowed_http_methods = READ_ONLY_METHODS
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["activities.LocalPage", "home.StandardPage", "home.FormPage"]

    # At most this many sessions of the coming week, so that the page's work
    # does not grow with the programme; beyond, each local's programme says all.
    WEEK_LIMIT = 60

    class Meta:
        verbose_name = _("page d'accueil")

    def get_locals(self):
        return (
            without_restricted(LocalPage.objects.child_of(self).live())
            .select_related("image")
            .prefetch_related("opening_hours")
            .order_by("path")
        )

    def get_week_sessions(self, first_day, days=7, request=None):
        """Sessions of the ``days`` days from ``first_day``, at most WEEK_LIMIT:
        one query, places counted for those sessions only."""
        until = timezone.make_aware(
            datetime.combine(first_day + timedelta(days=days), time.min)
        )
        pages = session_pages_under(self, request)
        return sessions_of(pages, self.WEEK_LIMIT, until=until)

    def get_highlights(self, request=None):
        """The next session of each coming highlight, soonest first, with its
        page (summary included): one query, places counted for these only.

        A highlight without a coming session is not shown: it could be
        neither booked nor said when it will be.
        """
        pages = {
            pk: page
            for pk, page in session_pages_under(self, request).items()
            if getattr(page, "category", None) == Category.HIGHLIGHT
        }
        if not pages:
            return []
        return with_pages(NEXT_HIGHLIGHTS(list(pages), timezone.now()), pages)

    def route(self, request, path_components):
        """Find the page of a URL without a query while the site is unchanged.

        Wagtail walks down one level at a time (children, then the specific
        page), then reads the page's view restrictions: nine queries for an
        activity four levels down. Here the deepest page whose URL begins the
        requested one is read at once with its restrictions, and kept per
        generation of the site (``chrome.per_generation``: every page saved,
        moved or deleted and every restriction changed renews it). Its own
        ``route`` handles what is left (a page's ``ical/``) or answers 404,
        and checks that the page is live, as Wagtail's does.
        """
        page = chrome.per_generation(
            request,
            ("route", self.pk, *path_components),
            lambda: self.find_page(path_components),
        )
        if page is None:
            raise Http404
        remaining = path_components[page.depth - self.depth :]
        if page.pk == self.pk:
            return super(HomePage, page).route(request, remaining)
        return page.route(request, remaining)

    def find_page(self, path_components):
        """The specific page deepest under this one whose URL begins
        ``path_components``, its view restrictions read, or None."""
        prefixes = [
            self.url_path + "".join(f"{part}/" for part in path_components[:length])
            for length in range(len(path_components) + 1)
        ]
        page = (
            Page.objects.descendant_of(self, inclusive=True)
            .filter(url_path__in=prefixes)
            .order_by("-depth")
            .first()
        )
        if page is None:
            return None
        page = page.specific
        if isinstance(page, ViewRestrictionsInOneQuery):
            page._routed_view_restrictions = list(page.get_view_restrictions())
        return page

    def get_locals_and_partners(self):
        """The locals with their opening hours as slots, and the partners:
        what the page shows that only editors change."""
        locals_ = [
            (local, whats_on.opening_slots(local.opening_hours.all()))
            for local in self.get_locals()
        ]
        return locals_, list(Partner.objects.select_related("logo"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read once per generation of the site (chrome.shared).
        context["locals"], partners = chrome.shared(
            request, ("home", self.pk), self.get_locals_and_partners
        )
        locals_ = [local for local, _hours in context["locals"]]
        today = timezone.localdate()
        week_sessions = self.get_week_sessions(today, request=request)
        context["week_first_day"] = today
        context["week_last_day"] = today + timedelta(days=6)
        context["week"] = whats_on.week_at_locals(locals_, week_sessions)
        context["highlights"] = self.get_highlights(request=request)
        # The page cache keeps the page until one of these opens, closes or starts.
        context["upcoming_sessions"] = week_sessions + context["highlights"]
        # « Cette semaine » and « Temps forts » are rendered once for what they show.
        context["sessions_shown"] = shown_as(context["upcoming_sessions"])
        context["operational_partners"] = [
            p for p in partners if p.role == Partner.Role.OPERATIONAL
        ]
        context["funders"] = [p for p in partners if p.role == Partner.Role.FUNDER]
        return context


class StandardPage(ViewRestrictionsInOneQuery, Page):
    """A plain page: legal notice, accessibility statement, privacy policy."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    # Standard pages hang off the home page (or another standard page).
    allowed_http_methods = READ_ONLY_METHODS
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("page simple")
        verbose_name_plural = _("pages simples")


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(ViewRestrictionsInOneQuery, AbstractEmailForm):
    """A form residents fill in: suggest a workshop, contact the team."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    thank_you_text = RichTextField(
        _("message de remerciement"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("champs du formulaire")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail envoyé à l'équipe"),
        ),
    ]

    # Limits on every answer, text cleaned like the booking forms'.
    form_builder = LimitedFormBuilder
    allowed_http_methods = [*READ_ONLY_METHODS, HTTPMethod.POST]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("formulaire")
        verbose_name_plural = _("formulaires")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Wagtail answers 200 to a refused submission; a bad input is a 4xx here,
        # so that clients and tests can tell it from a success.
        form = (getattr(response, "context_data", None) or {}).get("form")
        if request.method == "POST" and form is not None and form.errors:
            response.status_code = 400
        return response


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and footer shown on every page."""

    organisation_name = models.CharField(
        _("organisme"), max_length=255, default="CCAS de Montreuil-Juigné"
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("adresse"), blank=True)
    footer_text = models.TextField(
        _("texte du pied de page"),
        blank=True,
        help_text=_("Une ou deux phrases affichées en bas de chaque page."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("address"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("coordonnées et pied de page")
