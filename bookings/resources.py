"""Shared places and who uses them: organisations, resources, reservations.

The multi-sports space, a local's rooms, the job-search computers and the
minibus are resources. The local's team, the maison des jeunes and the
associations are organisations. A reservation holds one resource for one
organisation from a start to an end; two active reservations (pending or
confirmed) of one resource never overlap.

Rows here are written only by ``bookings.reservations`` (re-exported by
``bookings.services``), which locks the resource row before looking for
overlaps. On PostgreSQL an exclusion constraint refuses overlaps as well.
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import connections, models, transaction
from django.db.models import Func, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from .widgets import RecurrenceWidget


class Organisation(models.Model):
    """Who uses a shared place: the local's team, the youth centre, an association."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    email = models.EmailField(
        _("e-mail de contact"),
        blank=True,
        help_text=_(
            "Reçoit les décisions sur les demandes de réservation, en plus des "
            "personnes qui agissent pour l'organisation."
        ),
    )
    is_partner = models.BooleanField(
        _("partenaire extérieur"),
        default=False,
        help_text=_(
            "Cochez pour une organisation extérieure (maison des jeunes, "
            "association) : ses demandes passent par la validation de la "
            "coordination quand la ressource le demande."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("personnes qui agissent pour elle"),
        help_text=_("Comptes de l'administration qui gèrent ses réservations."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("is_partner"),
        FieldPanel("members"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Resource(ClusterableModel):
    """A shared place or thing that organisations reserve by the hour."""

    class Kind(models.TextChoices):
        SPACE = "space", _("espace sportif")
        ROOM = "room", _("salle")
        EQUIPMENT = "equipment", _("matériel")
        VEHICLE = "vehicle", _("véhicule")

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(
        _("adresse"),
        unique=True,
        help_text=_("Partie de l'adresse du planning public, par exemple « city »."),
    )
    kind = models.CharField(
        _("type"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.ROOM,
        help_text=_("Sert à regrouper les ressources dans les listes."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Où elle se trouve, ce qu'on peut y faire ; affichée au public."),
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name=_("gérée par"),
        help_text=_(
            "L'organisation qui gère la ressource (l'équipe du local) : les "
            "séances des activités qui l'utilisent sont réservées à son nom."
        ),
    )
    requires_approval = models.BooleanField(
        _("demandes à valider"),
        default=True,
        help_text=_(
            "Cochée : une réservation d'un partenaire extérieur attend la "
            "validation de la coordination. Décochée : elle est confirmée tout "
            "de suite."
        ),
    )
    public_schedule = models.BooleanField(
        _("planning public"),
        default=False,
        help_text=_("Montrer son planning (qui l'utilise, quand) sur le site."),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_(
            "Le plus de personnes qu'elle accueille ; pour un véhicule, les "
            "places des passagers, chauffeur non compris. Une séance ou une "
            "sortie qui l'occupe ne peut pas offrir plus de places. Vide : "
            "sans limite."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
        FieldPanel("capacity"),
        FieldPanel("description"),
        FieldPanel("owner"),
        FieldRowPanel([FieldPanel("requires_approval"), FieldPanel("public_schedule")]),
        InlinePanel(
            "opening_hours",
            heading=_("Heures d'ouverture"),
            label=_("plage d'ouverture"),
            help_text=_("Aucune plage : réservable à toute heure."),
        ),
    ]

    class Meta:
        verbose_name = _("ressource partagée")
        verbose_name_plural = _("ressources partagées")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class ResourceOpeningHours(Orderable):
    """One day's opening period of a resource, in Paris time."""

    resource = ParentalKey(
        Resource, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(
        _("jour"), choices=Weekday.choices, help_text=_("Jour de la semaine.")
    )
    opens_at = models.TimeField(_("ouverture"), help_text=_("Heure de Paris."))
    closes_at = models.TimeField(_("fermeture"), help_text=_("Heure de Paris."))

    panels = [
        FieldRowPanel(
            [FieldPanel("weekday"), FieldPanel("opens_at"), FieldPanel("closes_at")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plage d'ouverture")
        verbose_name_plural = _("heures d'ouverture")

    def __str__(self):
        return (
            f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
        )


class ReservationSeries(models.Model):
    """A recurring reservation: a rule, a time, a duration on one resource.

    Its dated reservations are materialised over the horizon, as a schedule's
    sessions are; the attributes ``calendar.session_days`` reads are here.
    """

    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        related_name="series",
        verbose_name=_("ressource"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="series",
        verbose_name=_("organisation"),
    )
    title = models.CharField(
        _("objet"),
        max_length=120,
        help_text=_("Affiché sur le planning, par exemple « Football 11-14 ans »."),
    )
    recurrences = RecurrenceField(
        verbose_name=_("dates"),
        help_text=_("Règle de répétition, dates en plus et dates exclues."),
    )
    starts_on = models.DateField(_("à partir du"), help_text=_("Première date."))
    ends_on = models.DateField(
        _("jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Dernière date ; vide : sans fin (sur l'horizon)."),
    )
    start_time = models.TimeField(_("heure de début"), help_text=_("Heure de Paris."))
    duration_minutes = models.PositiveIntegerField(
        _("durée (minutes)"), help_text=_("Durée de chaque créneau, en minutes.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # A reservation series keeps every date its rule gives.
    skip_public_holidays = False
    skip_school_holidays = False

    panels = [
        FieldPanel("title"),
        FieldPanel("recurrences", widget=RecurrenceWidget),
    ]

    class Meta:
        verbose_name = _("réservation régulière")
        verbose_name_plural = _("réservations régulières")

    def __str__(self):
        return f"{self.title} – {self.resource}"


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that exists on PostgreSQL and is skipped elsewhere.

    SQLite has no exclusion constraints: there the services' lock (and the
    IMMEDIATE transactions) are the only guard, so the migrations still run.
    """

    def _postgres(self, schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor)
            if self._postgres(schema_editor)
            else None
        )

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor)
            if self._postgres(schema_editor)
            else None
        )

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor)
            if self._postgres(schema_editor)
            else None
        )

    def validate(self, model, instance, exclude=None, using="default"):
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)


ACTIVE_STATUSES = ("pending", "confirmed")


# Sent after the commit of any change to reservations (made, moved, decided,
# cancelled, deleted), whichever way it was made (a service, the admin, a
# bulk update), with ``resource_ids``: the resources whose public schedule
# may now read differently. The page cache listens to it (home/pagecache.py).
reservations_changed = Signal()


def announce_reservations(resource_ids):
    """Send ``reservations_changed`` for these resources once committed."""
    resource_ids = frozenset(resource_ids)
    if resource_ids:
        transaction.on_commit(
            lambda: reservations_changed.send(
                sender=Reservation, resource_ids=resource_ids
            )
        )


class ReservationQuerySet(models.QuerySet):
    """Bulk writes announce what they change, as saves and deletes do
    (``reservations_changed``)."""

    def update(self, **kwargs):
        resource_ids = set(self.values_list("resource_id", flat=True))
        changed = super().update(**kwargs)
        announce_reservations(resource_ids)
        return changed

    def bulk_create(self, objs, *args, **kwargs):
        made = super().bulk_create(objs, *args, **kwargs)
        announce_reservations(reservation.resource_id for reservation in made)
        return made

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        changed = super().bulk_update(objs, *args, **kwargs)
        announce_reservations(reservation.resource_id for reservation in objs)
        return changed

    def active(self):
        """Pending and confirmed reservations: both hold their time."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def pending(self):
        return self.filter(status=Reservation.Status.PENDING)

    def overlapping(self, starts_at, ends_at):
        """Reservations that share a moment with [starts_at, ends_at)."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def between(self, first, last):
        return self.filter(ends_at__gt=first, starts_at__lt=last)

    def for_user(self, user):
        """What ``user`` may see: everything for the coordination, else only
        the reservations of the organisations the user acts for."""
        from .permissions import can_manage_reservations

        if can_manage_reservations(user):
            return self
        return self.filter(organisation__members=user)


class Reservation(models.Model):
    """One resource held for one organisation from a start to an end."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de validation")
        CONFIRMED = "confirmed", _("confirmée")
        REFUSED = "refused", _("refusée")
        CANCELLED = "cancelled", _("annulée")

    class Source(models.TextChoices):
        SESSION = "session", _("séance d'une activité ou d'une sortie")
        SPORT_EVENT = "sport_event", _("événement sportif")
        MANUAL = "manual", _("saisie à la main")
        ICAL = "ical", _("import iCal")

    resource = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("ressource"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("objet"), max_length=160)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(
        _("état"),
        max_length=16,
        choices=Status.choices,
        default=Status.CONFIRMED,
        db_index=True,
    )
    source = models.CharField(
        _("origine"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    series = models.ForeignKey(
        ReservationSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reservations",
        verbose_name=_("réservation régulière"),
    )
    # A session's or an event's slot goes with it: deleting it frees the slot.
    occurrence = models.ForeignKey(
        "bookings.Occurrence",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("séance"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    ical_uid = models.CharField(max_length=255, blank=True, db_index=True)
    note = models.TextField(_("remarque"), blank=True)
    decision_reason = models.CharField(_("motif"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("décision de"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation de ressource")
        verbose_name_plural = _("réservations de ressources")
        ordering = ["starts_at", "pk"]
        permissions = [
            (
                "manage_reservations",
                _("Valider les réservations des ressources partagées"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="reservation_ends_after_start",
            ),
            PostgresExclusionConstraint(
                name="reservation_no_overlap",
                expressions=[
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                    ("resource", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=ACTIVE_STATUSES),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.resource} – {local:%d/%m/%Y %H:%M} – {self.organisation}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


@receiver(post_save, sender=Reservation)
@receiver(post_delete, sender=Reservation)
def reservation_changed(sender, instance, **kwargs):
    announce_reservations([instance.resource_id])
