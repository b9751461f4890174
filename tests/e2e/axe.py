"""Run axe-core (the npm devDependency, never a CDN) in a Playwright page and report violations.

How axe gets into the page: the site's Content-Security-Policy allows scripts from 'self' (and
with the per-response nonce) only, so `page.add_script_tag(content=...)` — an inline <script>
without the nonce — is refused: Chromium reports "Executing inline script violates the
following Content Security Policy directive 'script-src 'self''" and Playwright raises. Rather
than switch the CSP off for the context (`bypass_csp=True`), axe is registered with
`context.add_init_script`: init scripts are run by the browser itself (DevTools protocol) in
every document before the page's own scripts, are not subject to the page's CSP, and so the
pages are checked exactly as they are served, policy included.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 AA, as the public sector accessibility regulations require.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Rules run as well as the tagged ones, because the tags alone miss them:
# - duplicate ids: WCAG 2.2 made 4.1.1 Parsing obsolete, so axe deprecated these rules and no
#   WCAG tag selects them; but a repeated id still breaks `<label for>`, `aria-describedby` and
#   error-summary links (1.3.1, 4.1.2), and pages here render several forms at once.
# - landmarks, and one <h1> per page: axe files these as best practice; they are how GOV.UK
#   pages are navigated by screen reader users (1.3.1, 2.4.1; ARIA11, H69).
EXTRA_RULES = [
    "duplicate-id",
    "duplicate-id-active",
    "landmark-one-main",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "region",
    "page-has-heading-one",
]

# Rules whose "needs review" (incomplete) results are failures here. When a repeated id is the
# target of a <label for>, axe cannot tell whether the repetition matters and asks for review;
# it always does (the label names, and clicking it checks, the wrong field).
FAIL_WHEN_INCOMPLETE = {"duplicate-id-aria", "form-field-multiple-labels"}

_RUN = """async ([tags, extra]) => {
  const results = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    rules: Object.fromEntries(extra.map((id) => [id, { enabled: true }])),
    resultTypes: ["violations", "incomplete"],
  });
  const simple = (v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String),
      html: n.html,
      summary: n.failureSummary
        || [...n.any, ...n.all, ...n.none].map((c) => c.message).join("\\n"),
    })),
  });
  return { violations: results.violations.map(simple), incomplete: results.incomplete.map(simple) };
}"""


@cache
def axe_source() -> str:
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` (axe-core is a devDependency)")
    return AXE_JS.read_text(encoding="utf-8")


def prepare_context(context) -> None:
    """Make axe available in every page this browser context loads (see the module docstring)."""
    context.add_init_script(script=axe_source())


# Known false positives of axe on GOV.UK components: (rule, CSS selector of the element).
# - region on .govuk-back-link: the GOV.UK back link goes before <main>, on purpose, so the skip
#   link passes it (Design System guidance). GOV.UK Frontend looked at moving it into a landmark
#   and decided not to (alphagov/govuk-frontend#6460, alphagov/govuk-design-system#5024).
#   Only that element is excused: any other content outside a landmark still fails.
ALLOWED = [("region", ".govuk-back-link")]


def run_axe(page, tags: list[str] | None = None) -> tuple[list[dict], list[dict]]:
    """(failures, needs review) for the page: the violations of the given axe tags (WCAG 2.2 A
    and AA by default) and of EXTRA_RULES, less the ALLOWED false positives, with the incomplete
    results of FAIL_WHEN_INCOMPLETE; and the other incomplete results, for a person to check."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        raise RuntimeError("axe is not in the page: call prepare_context(page.context) first")
    results = page.evaluate(_RUN, [tags or WCAG_TAGS, EXTRA_RULES])
    failures = results["violations"]
    review = []
    for v in results["incomplete"]:
        if v["id"] in FAIL_WHEN_INCOMPLETE:
            failures.append({**v, "help": v["help"] + " (axe: needs review)"})
        else:
            review.append(v)
    for v in failures:
        allowed = [selector for rule, selector in ALLOWED if rule == v["id"]]
        v["nodes"] = [n for n in v["nodes"] if n["target"] not in ([s] for s in allowed)]
    return [v for v in failures if v["nodes"]], review


def format_violations(violations: list[dict], url: str = "", what: str = "violation") -> str:
    """Readable text: one block per rule, with the failing elements' selectors and HTML."""
    if not violations:
        return ""
    lines = [f"{url}: {len(violations)} accessibility {what}(s)" if url else ""]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {' > '.join(node['target'])}")
            lines.append(f"       {_shorten(node['html'])}")
            for detail in (node.get("summary") or "").splitlines():
                if detail.strip():
                    lines.append(f"       {detail.strip()}")
    return "\n".join(line for line in lines if line)


def _shorten(html: str, limit: int = 300) -> str:
    html = " ".join(html.split())
    return html if len(html) <= limit else html[: limit - 1] + "…"
