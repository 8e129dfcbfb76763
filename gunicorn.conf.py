"""gunicorn's own settings, set on purpose; gunicorn reads this file from the
working directory (``gunicorn site_quartiers.wsgi``).

gunicorn answers some bad requests itself, before Django sees them: a request
line longer than ``limit_request_line`` (414), more header fields than
``limit_request_fields`` or one longer than ``limit_request_field_size``
(431), a malformed request line or header (400). Those answers are gunicorn's
short English text; the proxy in front replaces them with French pages (see
the README, « Production »). Everything else gets the site's French pages.
"""

import os

# 4 KB of request line: the longest address of the site (an admin listing
# with its filters) is well under 1 KB; a longer one is an attack or a bug.
limit_request_line = 4094
# A browser sends 10 to 20 header fields; 50 leaves room for proxies.
limit_request_fields = 50
# 8 KB per header field: room for the session and CSRF cookies.
limit_request_field_size = 8190

# A request that takes longer than this is stuck: the worker is restarted.
# The slowest page (a season's XLSX export) takes a few seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30

# Access and error logs on stdout/stderr, tokens and contact details masked.
logger_class = "site_quartiers.logs.GunicornLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
