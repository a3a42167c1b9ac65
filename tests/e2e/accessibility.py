"""axe-core in the page: the WCAG 2.x A and AA failures a screen has, at serious or critical impact.

The script is vendored (tests/e2e/vendor, see its README), so no test reaches the network.
"""
from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import wait_idle

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = {"serious", "critical"}

# (rule id, CSS selector) pairs that come from inside Streamlit's own widgets and that no page
# of ours can change. Each names its reason; nothing else is left out.
STREAMLIT_OWN: list[tuple[str, str]] = [
    # Streamlit 1.67's staff menu with sections (st.navigation given a dict) puts each section as
    # a <div> holding a <header> and the pages' <li> directly inside <ul data-testid=
    # "stSidebarNavItems">, so the list holds divs and the items sit outside a list. Only a menu
    # without sections avoids it; the sections (Review, Closing the loop, Admin) are kept.
    ("list", "[data-testid='stSidebarNavItems']"),
    ("listitem", "[data-testid='stSidebarNavItems']"),
]

# Each element is named the way a person finds it: its tag, the nearest Streamlit element
# around it (data-testid), and its first words; axe's own selector is made of generated classes.
RUN = """async ([tags, exclude]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const name = (el) => {
    const within = el.parentElement?.closest('[data-testid]');
    const words = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40);
    return (within ? `${within.dataset.testid} > ` : '') + el.tagName.toLowerCase()
      + (el.dataset.testid ? `[${el.dataset.testid}]` : '')
      + (words ? ` "${words.replace(/\\s+/g, ' ')}"` : '');
  };
  const left = (rule, el) => !exclude.some(([r, s]) => r === rule && el.closest(s));
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.length === 1 ? document.querySelector(n.target[0]) : null)
                    .filter(el => !el || left(v.id, el))
                    .map(el => el ? name(el) : '(inside a frame)')}))
    .filter(v => v.targets.length);
}"""


def serious_violations(page, exclude: list[tuple[str, str]] = STREAMLIT_OWN) -> list[dict]:
    """The serious and critical violations on the page as it is now (once Streamlit is idle).
    An element inside an `exclude` pair's selector is left out of that pair's rule only."""
    wait_idle(page)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN, [TAGS, exclude]) if v["impact"] in SERIOUS]


def report(violations: list[dict], where: str = "") -> str:
    """One readable line per rule: where, rule id, impact, what it asks, the first few targets."""
    lines = []
    for v in violations:
        shown = ", ".join(v["targets"][:3]) + (f" (+{len(v['targets']) - 3} more)" if len(v["targets"]) > 3 else "")
        lines.append(f"{where}: {v['id']} [{v['impact']}] {v['help']} — {shown}")
    return "\n".join(lines)


def check(page, where: str, problems: list[str]) -> None:
    """Add what axe finds on `page` (named `where`) to `problems`, so one test reports every screen."""
    found = serious_violations(page)
    if found:
        problems.append(report(found, where))
