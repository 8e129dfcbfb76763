"""Run axe-core on a page; fail on any violation, whatever its impact.

Every rule axe enables by default runs: WCAG 2.0, 2.1 and 2.2 A and AA, and
axe's best practices (landmarks, heading order, one main, regions...). Only
the experimental rules and the AAA ones, which axe leaves off, do not.
"""

from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {"resultTypes": ["violations"]}

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
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, format_violations(page.url, violations)
