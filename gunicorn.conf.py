"""gunicorn's own settings, set on purpose; gunicorn reads this file from the
working directory (``gunicorn site_quartiers.wsgi``).

gunicorn answers some bad requests itself, before Django sees them: a request
line longer than ``limit_request_line`` (414), more header fields than
``limit_request_fields`` or one longer than ``limit_request_field_size``
(431), a malformed request line or header (400). Those answers are gunicorn's
short English text: the proxy in front refuses such requests first, with
French pages (see the README, « Production »). Everything else gets the
site's French pages.
"""

import gc
import os

# gunicorn's limits sit at or just above the proxy's (nginx's
# large_client_header_buffers 4 8k, deploy/nginx/vie-des-quartiers-proxy.conf):
# a request line or a header field over 8 KB is refused by nginx first, with
# its French page. Direct to gunicorn, they still bound what a worker reads.
limit_request_line = 8190
limit_request_field_size = 8190
# A browser sends 10 to 20 header fields; no client of the site sends 100.
limit_request_fields = 100

# A request that takes longer than this is stuck: the worker is restarted.
# The slowest page (a season's XLSX export) takes a few seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30

# Access and error logs on stdout/stderr, tokens and contact details masked.
logger_class = "site_quartiers.logs.GunicornLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"

# No control socket (gunicornc, gunicorn 25 and later): nothing uses it, and
# every gunicorn of one user would share $HOME/.gunicorn/gunicorn.ctl (the
# tests and the benches start several side by side).
control_socket_disable = True

# A full garbage collection walks every object a worker holds: with Django and
# Wagtail loaded, about 150 ms, felt by every request queued behind it (the p99
# of the fastest pages). Once a worker has served its first requests (the site
# loaded, its templates compiled, its caches filled), what it holds then lives
# as long as it does: gc.freeze() takes it out of the collector's walks (a
# full collection then takes about 10 ms).
FREEZE_AFTER_REQUESTS = int(os.environ.get("GUNICORN_GC_FREEZE_AFTER", "200"))


def post_request(worker, req, environ, resp):
    worker.requests_served = getattr(worker, "requests_served", 0) + 1
    if worker.requests_served == FREEZE_AFTER_REQUESTS:
        gc.freeze()
