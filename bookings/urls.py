from django.urls import path, register_converter

from . import space_schedule, views
from .converters import TokenConverter

register_converter(TokenConverter, "token")

app_name = "bookings"

urlpatterns = [
    path("reserver/<int:session_id>/", views.book, name="book"),
    path("reserver/<int:session_id>/merci/", views.booked, name="booked"),
    # The short link of SMS and letters: /r/K7MPX4TRWA (models.SHORT_KEY_LENGTH).
    path("r/<str:key>", views.short_link, name="short_link"),
    path("reservation/<token:token>/", views.manage, name="manage"),
    path("reservation/<token:token>/annuler/", views.cancel, name="cancel"),
    path(
        "reservation/<token:token>/reservation.ics",
        views.booking_ical,
        name="booking_ical",
    ),
    path("agenda.ics", views.site_calendar, name="site_calendar"),
    path("planning/<slug:slug>/", space_schedule.schedule, name="space_schedule"),
    path(
        "planning/<slug:slug>/agenda.ics",
        space_schedule.schedule_ical,
        name="space_schedule_ical",
    ),
]
