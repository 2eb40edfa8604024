"""axe-core in a page, for accessibility checks: injected with page.evaluate, as the pages'
Content Security Policy refuses script tags. axe-core comes from npm (`make test` runs `npm ci`
into node_modules/, which git ignores), or from AXE_CORE_JS, the path of an axe.min.js. Without
it, tests that need it are skipped."""

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe's best practices.
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_source():
    path = Path(os.environ.get("AXE_CORE_JS") or REPO / "node_modules/axe-core/axe.min.js")
    if not path.is_file():
        pytest.skip(f"axe-core is not installed ({path}): make test installs it with npm ci")
    return path.read_text()


def violations(page, exclude=()):
    """axe-core's violations on the page as it is now, leaving out the `exclude` selectors
    (what an author wrote, say: the text in the editor is theirs, not the page's)."""
    page.evaluate(axe_source() + "\n;undefined")
    return page.evaluate(
        """async ([tags, exclude]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            const result = await axe.run(context, options);
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5)
                    .map((n) => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }""",
        [RULES, list(exclude)],
    )


def assert_no_violations(page, exclude=()):
    found = violations(page, exclude)
    assert not found, json.dumps(found, indent=2)
