#!/usr/bin/env python3
"""Checks a running site end to end, as a resident and a coordinator would.

Against a stack that runs (``make prod``, or a server after a deployment):
the home page and its security headers, a local, ``/agenda.ics`` and its 304,
a hashed static file (compressed, cached for a year), an image of the page,
the admin's login page, then a booking made through the public form (CSRF
token and cookies as a browser sends them), its confirmation e-mail sent by
the worker (with ``--emails DIR``, the folder of Django's file e-mail backend
that ``make prod`` uses) and its cancellation, which gives the place back.
Prints one line per check, OK or FAIL with the reason; exits 1 if one failed.
Standard library only: runs with any Python 3.

    python deploy/smoke.py [http://127.0.0.1:8000] [--emails .prod-emails]
        [--local /local-des-tilleuls/] [--sans-reservation] [--attendre 60]
"""

import argparse
import email
import email.policy
import re
import sys
import time
import uuid
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener


class Failed(Exception):
    pass


class FormReader(HTMLParser):
    """The fields of the forms of a page, with the values a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button"}:
                fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in fields:
                fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def read_forms(html):
    reader = FormReader()
    reader.feed(html)
    return reader.forms


class Site:
    def __init__(self, base):
        self.base = base.rstrip("/") + "/"
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def get(self, path, headers=None, data=None):
        """(status, headers, body, final URL); redirects are followed."""
        url = urljoin(self.base, path)
        request = Request(url, data=data, headers={"Referer": url, **(headers or {})})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read(), response.url
        except HTTPError as error:
            return error.code, error.headers, error.read(), url

    def wait(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return
            except OSError:
                time.sleep(0.5)

    def page(self, path, expected=200, **options):
        status, headers, body, url = self.get(path, **options)
        if status != expected:
            raise Failed(f"{path} : {status} au lieu de {expected}")
        return headers, body.decode("utf-8", "replace"), url

    def post(self, path, fields):
        return self.get(path, data=urlencode(fields).encode())


def first_link(html, pattern, what):
    found = re.search(rf'(?:href|src)="({pattern})"', html)
    if not found:
        raise Failed(f"aucun lien vers {what} dans la page")
    return found.group(1).replace("&amp;", "&")


def check_home(site, state):
    headers, html, _ = site.page("/")
    state["home"] = html
    missing = [
        name
        for name in (
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
        )
        if name not in headers
    ]
    if missing:
        raise Failed(f"en-têtes absents : {', '.join(missing)}")
    return f"{len(html) // 1024} Ko, CSP et en-têtes de sécurité présents"


def check_local(site, state, local):
    _, html, _ = site.page(local)
    state["local"] = html
    return f"{local} : {len(html) // 1024} Ko"


def check_agenda(site, state):
    headers, body, _ = site.page("/agenda.ics")
    if not body.startswith("BEGIN:VCALENDAR"):
        raise Failed("pas un agenda iCalendar")
    tag = headers.get("ETag")
    if not tag:
        raise Failed("pas d'ETag")
    status, *_ = site.get("/agenda.ics", headers={"If-None-Match": tag})
    if status != 304:
        raise Failed(f"interrogé à nouveau avec son ETag : {status} au lieu de 304")
    return f"{body.count('BEGIN:VEVENT')} séances, 304 avec If-None-Match"


def check_static(site, state):
    path = first_link(state["home"], r"/static/[^\"]+\.css", "une feuille de style")
    headers, _, _ = site.page(path, headers={"Accept-Encoding": "gzip, br"})
    cache_control = headers.get("Cache-Control", "")
    if "immutable" not in cache_control:
        raise Failed(f"{path} : Cache-Control « {cache_control} », pas immutable")
    encoding = headers.get("Content-Encoding")
    if not encoding:
        raise Failed(f"{path} : servi sans compression")
    return f"{path} : {encoding}, {cache_control}"


def check_image(site, state):
    path = first_link(state["home"], r"/media/[^\"]+", "une image")
    headers, _, _ = site.page(path)
    if not headers.get("Content-Type", "").startswith("image/"):
        raise Failed(f"{path} : {headers.get('Content-Type')}")
    return path


def check_admin(site, state):
    _, html, _ = site.page("/admin/login/")
    if "csrfmiddlewaretoken" not in html:
        raise Failed("pas de formulaire de connexion")
    return "formulaire de connexion"


def check_booking(site, state):
    pages = state["local"] + state["home"]
    form_path = first_link(pages, r"/reserver/\d+/", "un formulaire de réservation")
    _, html, url = site.page(form_path)
    (form,) = [f for f in read_forms(html) if "csrfmiddlewaretoken" in f["fields"]]
    address = f"essai-{uuid.uuid4().hex[:8]}@example.org"
    fields = {
        **form["fields"],
        "name": "Essai de production",
        "email": address,
        "adults": "1",
        "children": "0",
        "consent": "on",
    }
    status, _, body, final = site.post(urljoin(url, form["action"]) or url, fields)
    page = body.decode("utf-8", "replace")
    if status != 200 or not final.rstrip("/").endswith("merci"):
        raise Failed(f"{form_path} : {status}, {final}")
    # One session: the code and the short link; a series: a code and a link
    # per session.
    code = re.search(r'booking-code__(?:value|inline)">\s*([^<\s]+)', page)
    manage = re.search(r'href="([^"]*/(?:reservation/[^/"]+/|r/[A-Z0-9]+))"', page)
    if not code or not manage:
        raise Failed("page de confirmation sans code ni lien de gestion")
    # The link is built on SITE_URL: keep its path, ask the server checked.
    manage_path = urlsplit(manage.group(1)).path
    state.update(code=code.group(1), manage=manage_path, address=address)
    return f"{form_path} : réservation {code.group(1)}"


def check_email(site, state, folder, timeout=30):
    if "code" not in state:
        raise Failed("pas de réservation")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(Path(folder).glob("*.log")):
            message = email.message_from_bytes(
                path.read_bytes(), policy=email.policy.default
            )
            if state["address"] not in message.get("To", ""):
                continue
            texts = [
                part.get_content()
                for part in message.walk()
                if part.get_content_maintype() == "text"
            ]
            if any(state["code"] in text for text in texts):
                return f"« {message['Subject'].strip()} » ({path.name})"
        time.sleep(0.5)
    raise Failed(f"aucun e-mail avec le code en {timeout} s dans {folder}")


def check_cancel(site, state):
    if "manage" not in state:
        raise Failed("pas de réservation")
    _, html, url = site.page(state["manage"])
    if state["code"] not in html:
        raise Failed("la page de gestion ne montre pas le code")
    (form,) = [f for f in read_forms(html) if f["action"].endswith("/annuler/")]
    status, _, body, _ = site.post(urljoin(url, form["action"]), form["fields"])
    if status != 200 or "annulée" not in body.decode("utf-8", "replace"):
        raise Failed(f"annulation : {status}")
    return "annulée, la place est rendue"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--local", default="/local-des-tilleuls/")
    parser.add_argument(
        "--emails", help="dossier des e-mails (EMAIL_FILE_PATH du worker)"
    )
    parser.add_argument(
        "--sans-reservation",
        action="store_true",
        help="ne pas réserver (un site réel)",
    )
    parser.add_argument(
        "--attendre",
        type=float,
        default=0,
        metavar="SECONDES",
        help="attendre que le site réponde (juste après make prod)",
    )
    options = parser.parse_args()
    site, state = Site(options.url), {}
    site.wait(options.attendre)
    checks = [
        ("accueil", check_home),
        ("local", lambda s, st: check_local(s, st, options.local)),
        ("agenda.ics", check_agenda),
        ("fichier statique", check_static),
        ("image", check_image),
        ("connexion admin", check_admin),
    ]
    if not options.sans_reservation:
        checks.append(("réservation", check_booking))
        if options.emails:
            checks.append(
                ("e-mail du worker", lambda s, st: check_email(s, st, options.emails))
            )
        checks.append(("annulation", check_cancel))
    failed = 0
    for name, check in checks:
        try:
            detail = check(site, state)
        except KeyError:
            failed += 1
            print(f"FAIL  {name} : un contrôle précédent a échoué")
        except (Failed, OSError, ValueError) as error:
            failed += 1
            print(f"FAIL  {name} : {error}")
        else:
            print(f"OK    {name} : {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
