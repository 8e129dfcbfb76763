"""The Content-Security-Policy of the site, and the admin's looser one.

Public pages get the strict policy of ``CONTENT_SECURITY_POLICY``: no inline
script or style at all. The Wagtail admin cannot work under it (its page
editor writes inline scripts and ``javascript:`` links, its vendor bundle
adds inline scripts), so under the admin prefixes inline scripts and styles
are allowed; everything else (sources, framing, forms, plugins) stays as
strict. tests/browser fail on any violation of either.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        is_admin = request.path_info.startswith(tuple(settings.CSP_ADMIN_PREFIXES))
        if is_admin and not report_only and parts.update is None:
            parts.update = settings.CSP_ADMIN_UPDATE
        return parts
