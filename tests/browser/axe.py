"""Run axe-core on a page; fail on any violation, whatever its impact.

On the public site every rule axe enables by default runs: WCAG 2.0, 2.1
and 2.2 A and AA, and axe's best practices (landmarks, heading order, one
main, regions...). Only the experimental rules and the AAA ones, which axe
leaves off, do not. In the Wagtail admin the check is WCAG 2.1 A and AA:
Wagtail's own markup breaks some best practices (a results count in an
``<h2 role="alert">``) that are not ours to change.
"""

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {"resultTypes": ["violations"]}
ADMIN_AXE_OPTIONS = {
    **AXE_OPTIONS,
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}

_axe = Axe()


def format_violations(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    in_admin = urlsplit(page.url).path.startswith("/admin/")
    results = _axe.run(page, options=ADMIN_AXE_OPTIONS if in_admin else AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, format_violations(page.url, violations)
