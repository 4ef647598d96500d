"""The HTML edition has zero axe-core violations in headless Chromium."""

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

AXE = Path(__file__).resolve().parents[1] / "assets" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium missing (make sysdeps)")
@pytest.mark.parametrize("edition", ["public", "restricted"])
def test_zero_axe_violations(edition, assessment_public, assessment_restricted, tmp_path):
    from playwright.sync_api import sync_playwright

    produced = assessment_public if edition == "public" else assessment_restricted
    html = produced.out_dir / "assessment.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri())
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            # Open every figure's data table and check again: hidden content is skipped.
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            opened = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            page.screenshot(path=str(tmp_path / "top.png"))
            shutil.copy(tmp_path / "top.png", tmp_path / f"{edition}.png")
        finally:
            browser.close()
    problems = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"] + opened["violations"]
    ]
    assert problems == []
