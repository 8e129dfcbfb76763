"""Logging in the Wagtail admin from a browser test."""

PASSWORD = "coordination-2026"


def log_in_superuser(page, live_server, django_user_model, username="coordinatrice"):
    """Create a superuser and log ``page`` in the admin as her; returns ``page``."""
    django_user_model.objects.create_superuser(
        username, "coordination@example.org", PASSWORD
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
