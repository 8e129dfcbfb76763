"""Who may see residents' bookings in the Wagtail admin.

Names, phone numbers and e-mails of residents are personal data: staff with
the "manage_bookings" permission (the « Réservations » group) and superusers
see them all; the members of an organisation (the maison des jeunes) see
those of the events it runs and no others (``models.sessions_seen_by``).
Being a Wagtail editor is not enough.
"""

from django.contrib.auth import get_user_model
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

MANAGE_BOOKINGS = "bookings.manage_bookings"


def can_manage_bookings(user):
    # has_perm is True for an active superuser and False for an inactive user.
    return user.is_authenticated and user.has_perm(MANAGE_BOOKINGS)


def can_see_some_bookings(user):
    """Who may open the bookings' lists at all: the staff who manage bookings,
    and the members of an organisation (a partner sees the bookings of the
    events it runs there, ``models.sessions_seen_by``, and no others)."""
    if can_manage_bookings(user):
        return True
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.organisations.exists()
    )


class ManageBookingsPolicy(ModelPermissionPolicy):
    """Sessions, bookings and calls: "view" for those who manage bookings, and
    nothing else for anybody.

    Rows change only through ``bookings.services`` (locks, waiting list,
    notifications), which the staff views call; Wagtail's generic add, edit
    and delete views must never write them, so no user has those actions.
    The Django permission checked is ``bookings.manage_bookings`` whatever
    the model (``auth_model`` is Booking).
    """

    def __init__(self, model):
        super().__init__(model, auth_model="bookings.Booking")

    def user_has_permission(self, user, action):
        # The rows a partner sees are narrowed by each view (``visible_to``).
        return action == "view" and can_see_some_bookings(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(["manage_bookings"])


class ManageBookingsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_bookings(request.user)


class SeeBookingsMenuItem(MenuItem):
    """Lists a partner also sees, narrowed to the bookings of its events."""

    def is_shown(self, request):
        return can_see_some_bookings(request.user)


MANAGE_RESERVATIONS = "bookings.manage_reservations"


def can_manage_reservations(user):
    """The coordination: approves partners' requests and sees every reservation."""
    return bool(user and user.is_authenticated and user.has_perm(MANAGE_RESERVATIONS))


def acts_for(user, organisation):
    """True when ``user`` may reserve in the name of ``organisation``."""
    if can_manage_reservations(user):
        return True
    return bool(
        user
        and user.is_authenticated
        and organisation.members.filter(pk=user.pk).exists()
    )


PARTNER_GROUP = "Partenaires"


def is_partner_only(user):
    """A partner's account: in the « Partenaires » group and nothing more."""
    return (
        user.is_authenticated
        and not user.is_superuser
        and not can_manage_reservations(user)
        and user.groups.filter(name=PARTNER_GROUP).exists()
    )
