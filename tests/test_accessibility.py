"""axe-core (from npm, served locally) on every page of the built book: no serious or critical violation."""

import json

import pytest

from test_browser import all_pages

pytestmark = pytest.mark.browser


def test_no_serious_or_critical_accessibility_violation(watch, site, root):
    axe = root / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.exists(), "run `npm ci` (make does): axe-core comes from the npm registry"
    problems = {}
    for path in all_pages(site):
        page = watch.goto(path)
        page.add_script_tag(path=str(axe))
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        for v in violations:
            if v["impact"] in ("serious", "critical"):
                problems.setdefault(path, []).append(v)
    assert problems == {}, json.dumps(problems, indent=1)[:4000]
