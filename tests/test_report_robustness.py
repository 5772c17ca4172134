"""The brief's robustness section (issue 15).

After ``cogov discover``, ``cogov report`` shows scenario discovery's sentences as written,
with its caveat and charts, in both languages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS

from cogov.cli import main
from cogov.experiments.report.robust import ROBUSTNESS_FILE, robustness_block


@pytest.fixture(scope="module")
def explored(tmp_path_factory) -> Path:
    """A tiny exploratory batch with discovery run on it."""
    root = tmp_path_factory.mktemp("explore")
    exp = root / "tiny.toml"
    exp.write_text(
        '[experiment]\nname = "tiny_explore"\nscenarios = ["xinhua_2013", "one_window", "siloed"]\n'
        "replicates = 1\ndays = 4\nscale = 0.02\nroot_seed = 9\n"
        '[design]\nkind = "explore"\nsamples = 6\n'
    )
    out = root / "res"
    assert main(["batch", str(exp), "--out", str(out), "--workers", "1"]) == 0
    assert main(["discover", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def briefs(explored: Path) -> dict[str, Path]:
    """The brief in English and Chinese."""
    pages = {}
    for lang in ("en", "zh"):
        out = explored.parent / lang / "brief.html"
        assert main(["report", str(explored), "--lang", lang, "--out", str(out)]) == 0
        pages[lang] = out
    return pages


def _section(page: str) -> str:
    match = re.search(r'<section class="findings" id="robustness">(.*?)</section>', page, re.S)
    assert match, "no robustness section"
    return match.group(1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_section_says_what_discovery_said(explored, briefs, lang) -> None:
    data = json.loads((explored / ROBUSTNESS_FILE).read_text("utf-8"))[lang]
    section = _section(briefs[lang].read_text("utf-8"))
    shown = [html.unescape(s) for s in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert shown == data["sentences"] and len(shown) == 6
    assert html.escape(data["caveat"]) in section
    # the maps against one window, in the page's language, embedded with titles and captions
    page = briefs[lang].read_text("utf-8")
    for row in data["rows"]:
        if row["baseline"] == "one_window":
            assert f'id="robustness_{row["outcome"]}"' in page


def test_no_section_without_discovery(tmp_path) -> None:
    assert robustness_block(tmp_path, "en") is None


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; .ci/run installs it")
def test_the_section_renders_in_a_browser_in_both_languages(explored, briefs) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 2000})
            for lang, path in briefs.items():
                data = json.loads((explored / ROBUSTNESS_FILE).read_text("utf-8"))[lang]
                page.goto(path.resolve().as_uri())
                items = page.eval_on_selector_all(
                    "#robustness li", "els => els.map(e => e.innerText)"
                )
                assert [i.strip() for i in items] == data["sentences"]
                figs = page.eval_on_selector_all(
                    "figure[id^=robustness_]",
                    """els => els.map(f => {
                        const img = f.querySelector('img');
                        return {alt: img.alt, w: img.naturalWidth,
                                caption: f.querySelector('figcaption').innerText};
                    })""",
                )
                assert figs and all(f["w"] > 0 for f in figs), figs
                assert all(len(f["alt"]) > 20 and len(f["caption"]) > 20 for f in figs), figs
        finally:
            browser.close()
