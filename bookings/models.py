"""The booking domain: schedules on pages, dated sessions, residents' bookings.

Rows here are written only by ``bookings.services``; views, forms, the admin and
commands read them and call services to change them.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from home.restrictions import without_restricted

from .panels import NextDatesPanel
from .phones import validate_e164
from .widgets import RecurrenceWidget

# A booking code is read out on the phone: no look-alike characters
# (no O/0, I/1/L, S/5, Z/2, B/8, U/V).
BOOKING_CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
BOOKING_CODE_LENGTH = 6


# A resident's name, and the note a booking may carry (a TextField has no
# limit of its own: the forms and the services hold it to this).
NAME_MAX_LENGTH = 120
NOTE_MAX_LENGTH = 1000
# The most places one booking takes, whoever makes it (adults and children
# are small integers; a bigger number is a typing slip).
PARTY_MAX_PLACES = 999
EMAIL_MAX_LENGTH = 254  # EmailField's column; forms would otherwise take 320

# The short manage link, "/r/K7MPX4TRWA": sent by SMS, read aloud, copied by
# hand. Same alphabet as the code, 10 characters: 23**10 = 4.1e13 keys.
# Against guessing: a lookup that finds nothing counts against the client
# (30 per 10 minutes) and against the whole site (1,000 per hour, after which
# short links answer "try later" and the long links keep working). Even with
# 20,000 bookings kept (a year, then anonymised) and an attacker spending the
# site's whole budget for a year (8.8e6 tries), the chance of landing on any
# booking is 8.8e6 * 2e4 / 4.1e13 = 0.4 %; one address alone gets 0.2e-6 %.
# The long token (24 random bytes) is kept for the links already sent.
SHORT_KEY_LENGTH = 10


def new_booking_token():
    return secrets.token_urlsafe(24)


def new_short_key():
    return "".join(
        secrets.choice(BOOKING_CODE_ALPHABET) for _ in range(SHORT_KEY_LENGTH)
    )


def new_booking_code():
    return "".join(
        secrets.choice(BOOKING_CODE_ALPHABET) for _ in range(BOOKING_CODE_LENGTH)
    )


class Schedule(models.Model):
    """A series of sessions on a page: a recurrence rule, a time, places."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="schedules"
    )
    label = models.CharField(
        _("intitulé"),
        max_length=120,
        blank=True,
        help_text=_(
            "Facultatif, par exemple « Groupe du mardi » ou « Séance enfants »."
        ),
    )
    recurrences = RecurrenceField(
        verbose_name=_("dates"),
        help_text=_(
            "Règle de répétition (par exemple chaque mardi), dates en plus et dates "
            "exclues. Une date exclue retire la séance de ce jour-là."
        ),
    )
    starts_on = models.DateField(
        _("à partir du"), help_text=_("Première date possible de la série.")
    )
    ends_on = models.DateField(
        _("jusqu'au"),
        null=True,
        blank=True,
        help_text=_(
            "Dernière date possible. Vide : sans fin (sur l'horizon de publication)."
        ),
    )
    start_time = models.TimeField(_("heure de début"), help_text=_("Heure de Paris."))
    duration_minutes = models.PositiveIntegerField(
        _("durée (minutes)"),
        default=120,
        help_text=_("Durée d'une séance, en minutes."),
    )
    places = models.PositiveIntegerField(
        _("places"),
        default=12,
        help_text=_("Nombre de places par séance (adultes et enfants)."),
    )
    max_places_per_booking = models.PositiveIntegerField(
        _("places maximum par réservation"),
        default=4,
        help_text=_("Le plus de places qu'une même réservation peut prendre."),
    )
    places_held_back = models.PositiveIntegerField(
        _("places gardées pour l'accueil"),
        default=0,
        help_text=_(
            "Places que la réservation en ligne ne peut pas prendre : elles "
            "restent pour les personnes qui réservent au local ou par téléphone."
        ),
    )
    bookable_online = models.BooleanField(
        _("réservable en ligne"),
        default=True,
        help_text=_("Décochez pour un accueil libre sans réservation (permanences)."),
    )
    booking_opens_days_before = models.PositiveIntegerField(
        _("ouverture des réservations (jours avant)"),
        null=True,
        blank=True,
        help_text=_(
            "Vide : les réservations sont ouvertes dès que la séance est publiée."
        ),
    )
    booking_closes_days_before = models.PositiveIntegerField(
        _("clôture des réservations (jours avant)"),
        default=0,
        help_text=_("0 : le jour même ; 1 : la veille."),
    )
    booking_closes_at = models.TimeField(
        _("clôture à"),
        null=True,
        blank=True,
        help_text=_(
            "Heure de clôture ce jour-là (par exemple 12:00). "
            "Vide : à l'heure de début."
        ),
    )
    adult_required = models.BooleanField(
        _("au moins un adulte par réservation"),
        default=False,
        help_text=_(
            "Pour les sorties et les ateliers où les enfants viennent accompagnés."
        ),
    )
    skip_public_holidays = models.BooleanField(
        _("pas de séance les jours fériés"), default=True
    )
    skip_school_holidays = models.BooleanField(
        _("pas de séance pendant les vacances scolaires (zone B)"), default=False
    )
    resource = models.ForeignKey(
        "bookings.Resource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schedules",
        verbose_name=_("lieu réservé"),
        help_text=_(
            "Facultatif : la ressource partagée que chaque séance occupe "
            "(espace multi-sports, salle, minibus). La publication est refusée "
            "si un créneau est déjà pris."
        ),
    )
    # Set by the page that writes its own schedule (a partner's sport event):
    # the members of this organisation see the bookings of its sessions.
    organisation = models.ForeignKey(
        "bookings.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisée par"),
    )

    # Edited in the page editor through the page's InlinePanel("schedules").
    panels = [
        FieldPanel("label"),
        FieldPanel("recurrences", widget=RecurrenceWidget),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        NextDatesPanel(),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("duration_minutes")]),
        FieldRowPanel(
            [
                FieldPanel("places"),
                FieldPanel("max_places_per_booking"),
                FieldPanel("places_held_back"),
            ]
        ),
        FieldRowPanel([FieldPanel("bookable_online"), FieldPanel("adult_required")]),
        FieldRowPanel(
            [
                FieldPanel("booking_opens_days_before"),
                FieldPanel("booking_closes_days_before"),
                FieldPanel("booking_closes_at"),
            ],
            heading=_("Réservation en ligne"),
        ),
        FieldRowPanel(
            [FieldPanel("skip_public_holidays"), FieldPanel("skip_school_holidays")],
            heading=_("Jours sans séance"),
        ),
        FieldPanel("resource"),
    ]

    class Meta:
        verbose_name = _("série de séances")
        verbose_name_plural = _("séries de séances")
        ordering = ["starts_on", "start_time", "pk"]

    def __str__(self):
        title = self.label or getattr(self.page, "title", "")
        return f"{title} – {self.start_time:%H:%M}"

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)

    def clean(self):
        super().clean()
        # The page editor's InlinePanel validates each schedule here: fewer
        # places than a coming session has confirmed is refused next to the
        # field (services raise the same error on any other path).
        from .services import capacity_refusal, places_refusal  # they import us

        if self.places is not None:
            error = places_refusal(self, self.places) or capacity_refusal(
                self.resource if self.resource_id else None, self.places
            )
            if error:
                raise ValidationError({"places": error.message})


def sessions_seen_by(user, path=""):
    """The one rule of who sees residents' bookings, as a ``Q`` on the session
    reached by ``path`` ("" for a session, "occurrence__" for a booking).

    Staff who manage bookings (and superusers) see every session; a member of
    an organisation sees the sessions that organisation runs (its sport
    events open to bookings, ``Occurrence.organisation``) and nothing else;
    anybody else sees none. Every staff listing, export and page of the
    « Réservations » menu reads it through ``visible_to(user)``.
    """
    from .permissions import can_manage_bookings  # it imports the admin

    if can_manage_bookings(user):
        return Q()
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    return Q(**{f"{path}organisation__members": user})


class OccurrenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sessions whose bookings ``user`` may see (``sessions_seen_by``)."""
        return self.filter(sessions_seen_by(user))

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now())

    def scheduled(self):
        return self.filter(status=Occurrence.Status.SCHEDULED)

    def live(self):
        """Sessions residents may see and book: of published pages that no
        view restriction (login, password, groups) hides, on the page or
        above it. Every public listing, feed and booking page reads this."""
        return without_restricted(self.filter(page__live=True), path="page__path")

    def bookable(self, now=None):
        """Sessions a resident can book online right now."""
        now = now or timezone.now()
        return self.scheduled().filter(
            Q(booking_opens_at__isnull=True) | Q(booking_opens_at__lte=now),
            bookable_online=True,
            booking_closes_at__gt=now,
        )

    def under(self, page):
        """Sessions of ``page`` and of the pages below it."""
        return self.filter(page__path__startswith=page.path)

    def with_bookings(self):
        """Sessions somebody booked, whatever became of the booking."""
        return self.filter(Exists(Booking.objects.filter(occurrence=OuterRef("pk"))))

    def with_active_bookings(self):
        """Sessions with a confirmed or waiting booking."""
        return self.filter(
            Exists(Booking.objects.active().filter(occurrence=OuterRef("pk")))
        )

    def with_counts(self):
        """Annotate places taken and waiting, in one query for a whole listing."""
        confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
        by_staff = confirmed & Q(bookings__channel=Booking.Channel.STAFF)
        waiting = Q(bookings__status=Booking.Status.WAITING)
        places = F("bookings__adults") + F("bookings__children")
        return self.annotate(
            places_taken=Coalesce(Sum(places, filter=confirmed), 0),
            places_taken_by_staff=Coalesce(Sum(places, filter=by_staff), 0),
            places_waiting=Coalesce(Sum(places, filter=waiting), 0),
            bookings_waiting=Count("bookings", filter=waiting),
        )


class Occurrence(models.Model):
    """One dated session; bookings and per-session changes live here.

    A session keeps a copy of its schedule's booking rules (places, deadlines),
    refreshed by ``services.materialise_schedule``, so that it outlives an edit
    or the removal of its schedule, and so that "bookable now" is one filter.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("prévue")
        CANCELLED = "cancelled", _("annulée")

    schedule = models.ForeignKey(
        Schedule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
        verbose_name=_("série"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    places = models.PositiveIntegerField(_("places"))
    places_changed = models.BooleanField(
        default=False,
        editable=False,
        help_text="Places set for this session alone; schedule edits keep them.",
    )
    places_held_back = models.PositiveIntegerField(
        _("places gardées pour l'accueil"), default=0
    )
    max_places_per_booking = models.PositiveIntegerField(
        _("places maximum par réservation"), default=4
    )
    bookable_online = models.BooleanField(_("réservable en ligne"), default=True)
    adult_required = models.BooleanField(default=False)
    booking_opens_at = models.DateTimeField(
        _("ouverture des réservations"), null=True, blank=True
    )
    booking_closes_at = models.DateTimeField(_("clôture des réservations"))
    cancellation_reason = models.CharField(
        _("motif d'annulation"), max_length=255, blank=True
    )
    organisation = models.ForeignKey(
        "bookings.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisée par"),
        help_text=_(
            "Les personnes qui agissent pour elle voient les réservations de "
            "la séance. Vide : l'équipe des réservations seulement."
        ),
    )
    detached = models.BooleanField(
        _("retirée de la série"),
        default=False,
        help_text=_(
            "La série ne prévoit plus cette date ; la séance est gardée "
            "car elle a des réservations."
        ),
    )

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "starts_at"], name="unique_session_per_schedule"
            )
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.page.title} – {local:%d/%m/%Y %H:%M}"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def is_open_for_booking(self, now=None):
        now = now or timezone.now()
        return (
            not self.is_cancelled
            and self.bookable_online
            and (self.booking_opens_at is None or now >= self.booking_opens_at)
            and now < self.booking_closes_at
        )

    def places_left_online(self):
        """Places a resident can still book online; needs ``with_counts()``."""
        return places_left(self, self.places_taken, self.places_taken_by_staff)

    def places_left_at_desk(self):
        """Places staff can still book (held-back ones too); needs ``with_counts()``."""
        return places_left(
            self,
            self.places_taken,
            self.places_taken_by_staff,
            channel=Booking.Channel.STAFF,
        )


def places_left(occurrence, taken, taken_by_staff, *, channel="online"):
    """Places left on a session given the confirmed places.

    Held-back places are kept for bookings made by staff: online bookings may
    use all places but those, less what staff bookings took beyond them.
    """
    left = occurrence.places - taken
    if channel == Booking.Channel.ONLINE:
        unused_held_back = max(0, occurrence.places_held_back - taken_by_staff)
        left -= unused_held_back
    return max(0, left)


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Bookings ``user`` may see (``sessions_seen_by``)."""
        return self.filter(sessions_seen_by(user, "occurrence__"))

    def active(self):
        return self.exclude(status=Booking.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Booking.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Booking.Status.WAITING).order_by("created_at", "pk")

    def with_waiting_rank(self):
        """Annotate ``waiting_position`` (1 for the first in line, None when
        not waiting): one query for any number of bookings, for the
        confirmation page and the e-mails."""
        ahead = (
            Booking.objects.filter(
                occurrence=OuterRef("occurrence"), status=Booking.Status.WAITING
            )
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("occurrence")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            waiting_position=Case(
                When(
                    status=Booking.Status.WAITING,
                    then=Coalesce(Subquery(ahead), 0) + 1,
                ),
                default=None,
            )
        )

    def places(self):
        return self.aggregate(total=Coalesce(Sum(F("adults") + F("children")), 0))[
            "total"
        ]


class Booking(models.Model):
    """One resident's places on one session."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmée")
        WAITING = "waiting", _("liste d'attente")
        CANCELLED = "cancelled", _("annulée")

    class Channel(models.TextChoices):
        ONLINE = "online", _("en ligne")
        STAFF = "staff", _("à l'accueil ou par téléphone")

    # A booking is history (attendance for the funders' report, who was told
    # what): no delete of its session or page may take it along, whatever
    # the path (page delete, bulk delete, shell). Sessions nobody booked still
    # go with their page.
    occurrence = models.ForeignKey(
        Occurrence,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("séance"),
    )
    name = models.CharField(_("nom"), max_length=NAME_MAX_LENGTH)
    # E.164 ("+33612345678", 16 characters at most): written by the services,
    # shown with the |phone template filter (bookings.phones).
    phone = models.CharField(
        _("téléphone"),
        max_length=16,
        blank=True,
        validators=[validate_e164],
        help_text=_("Au format international, par exemple +33612345678."),
    )
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_LENGTH, blank=True)
    adults = models.PositiveSmallIntegerField(_("adultes"), default=1)
    children = models.PositiveSmallIntegerField(_("enfants"), default=0)
    note = models.TextField(_("remarque"), blank=True)
    status = models.CharField(
        _("état"),
        max_length=16,
        choices=Status.choices,
        default=Status.CONFIRMED,
        db_index=True,
    )
    channel = models.CharField(
        _("origine"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    attended = models.BooleanField(_("présent"), null=True, blank=True)
    token = models.CharField(
        max_length=64, unique=True, default=new_booking_token, editable=False
    )
    code = models.CharField(
        _("code"),
        max_length=BOOKING_CODE_LENGTH,
        unique=True,
        default=new_booking_code,
        editable=False,
    )
    series = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    # A hash of the booking browser's key (bookings.views.BROWSER_COOKIE): a
    # retry from the same browser finds the booking it made (services.book).
    browser_key = models.CharField(max_length=64, blank=True, editable=False)
    short_key = models.CharField(
        max_length=SHORT_KEY_LENGTH, unique=True, default=new_short_key, editable=False
    )
    wants_sms = models.BooleanField(
        _("accepte les SMS"),
        default=True,
        help_text=_(
            "Sans e-mail, la confirmation et les nouvelles de la séance "
            "partent par SMS vers un portable, sauf si la personne a refusé."
        ),
    )
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saisie par"),
    )
    created_at = models.DateTimeField(
        _("créée le"), default=timezone.now, db_index=True
    )
    promoted_at = models.DateTimeField(
        _("sortie de liste d'attente le"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    # SEQUENCE of the booking's calendar event: raised by the services each
    # time the event changes (cancelled, confirmed from the waiting list,
    # session cancelled or restored), so a calendar replaces its copy.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # What the yearly report needs once names and contacts are erased: a key
    # that cannot be turned back into them (see bookings.households).
    household = models.CharField(
        max_length=40, blank=True, editable=False, db_index=True
    )
    reminded_at = models.DateTimeField(
        _("rappel envoyé le"), null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(
        _("anonymisée le"), null=True, blank=True, editable=False
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["occurrence__starts_at", "created_at", "pk"]
        # A new booking's household is found by its phone or its e-mail
        # (bookings.households): without these, every booking ever made is read.
        indexes = [
            models.Index(fields=["phone"], name="booking_phone"),
            models.Index(Upper("email"), name="booking_email_upper"),
        ]
        permissions = [
            (
                "manage_bookings",
                _("Gérer les réservations et voir les coordonnées des habitants"),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def places(self):
        return self.adults + self.children

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_off(self):
        """Whether the resident will not go: booking or session cancelled."""
        return self.is_cancelled or self.occurrence.is_cancelled

    def waiting_rank(self):
        """1 for the first in line; None when not on the waiting list.

        Read from ``Booking.objects.with_waiting_rank()`` when the booking
        came from it (no query), else one query."""
        if not self.is_waiting:
            return None
        if getattr(self, "waiting_position", None) is None:
            self.waiting_position = (
                Booking.objects.with_waiting_rank()
                .values_list("waiting_position", flat=True)
                .get(pk=self.pk)
            )
        return self.waiting_position


class PendingCallQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Calls about bookings ``user`` may see (``sessions_seen_by``)."""
        return self.filter(sessions_seen_by(user, "booking__occurrence__"))


class PendingCall(models.Model):
    """Someone the staff must phone: they gave no e-mail and something changed."""

    class Reason(models.TextChoices):
        PROMOTED = "promoted", _("place libérée : réservation confirmée")
        SESSION_CANCELLED = "session_cancelled", _("séance annulée")
        SESSION_RESTORED = "session_restored", _("séance rétablie")
        REMINDER = "reminder", _("rappel : la séance a lieu demain")
        EMAIL_FAILED = "email_failed", _("e-mail non envoyé")
        SMS_FAILED = "sms_failed", _("SMS non envoyé")

    booking = models.ForeignKey(
        Booking,
        on_delete=models.CASCADE,
        related_name="pending_calls",
        verbose_name=_("réservation"),
    )
    reason = models.CharField(_("motif"), max_length=32, choices=Reason.choices)
    created_at = models.DateTimeField(_("à appeler depuis"), default=timezone.now)
    done_at = models.DateTimeField(_("appel fait le"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("appel fait par"),
    )

    objects = PendingCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à passer")
        verbose_name_plural = _("appels à passer")
        ordering = ["done_at", "created_at"]

    def __str__(self):
        return f"{self.booking.name} – {self.get_reason_display()}"

    @property
    def reason_text(self):
        """« séance annulée : Animatrice malade »: with the reason staff typed."""
        text = self.get_reason_display()
        typed = self.booking.occurrence.cancellation_reason
        if self.reason == self.Reason.SESSION_CANCELLED and typed:
            return f"{text}\u00a0: {typed}"
        return text


class StaffPreference(models.Model):
    """What one staff member's lists open on; set in « Mon compte »."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookings_preference",
        verbose_name=_("utilisateur"),
    )
    local = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("local"),
        help_text=_(
            "Les listes de séances, de réservations et d'appels s'ouvrent sur ce "
            "local ; leur filtre « Local » montre les autres."
        ),
    )

    class Meta:
        verbose_name = _("préférence de l'équipe")
        verbose_name_plural = _("préférences de l'équipe")

    def __str__(self):
        return str(self.user)

    @classmethod
    def local_id_for(cls, user):
        """The id of the local ``user`` chose, or None."""
        if not user.is_authenticated:
            return None
        return cls.objects.filter(user=user).values_list("local_id", flat=True).first()


# Shared places (resources, organisations, reservations) live in their own
# module; importing it here registers the models with the app.
from .resources import (  # noqa: E402, F401
    Organisation,
    Reservation,
    ReservationSeries,
    Resource,
    ResourceOpeningHours,
)
