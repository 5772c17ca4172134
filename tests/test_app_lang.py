"""The app's language: how a page's is chosen, and its lever tooltips in English and Chinese."""

from __future__ import annotations

import re

import ipyvuetify as v
import pytest
import solara

from cogov.viz.a11y import _Helper
from cogov.viz.lang import (
    ENV_LANG,
    LEVER_TIPS,
    LEVER_TIPS_ZH,
    VIEW_TIPS,
    VIEW_TIPS_ZH,
    lever_tips,
    page_lang,
    view_tips,
)
from cogov.viz.page import ENV_SCALE, Page

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize(
    ("search", "env", "expected"),
    [
        (None, None, "en"),
        ("", None, "en"),
        ("lang=zh", None, "zh"),
        ("lang=zh-CN", None, "zh"),
        ("lang=ZH-Hans&x=1", None, "zh"),
        ("lang=fr", None, "en"),
        ("lang=zhx", None, "en"),
        (None, "zh", "zh"),
        ("x=1", "zh", "zh"),
        ("lang=en", "zh", "en"),  # the address wins over the server
        ("lang=zh", "en", "zh"),
    ],
)
def test_page_lang_from_the_address_then_the_server(
    monkeypatch: pytest.MonkeyPatch, search: str | None, env: str | None, expected: str
) -> None:
    if env is None:
        monkeypatch.delenv(ENV_LANG, raising=False)
    else:
        monkeypatch.setenv(ENV_LANG, env)
    assert page_lang(search) == expected


def test_every_lever_has_a_tooltip_in_both_languages() -> None:
    assert set(LEVER_TIPS_ZH) == set(LEVER_TIPS)
    for key, tip in LEVER_TIPS_ZH.items():
        assert len(_HAN.findall(tip)) >= 10, key  # written in Chinese ...
        assert not _LATIN_WORD.search(tip), (key, tip)  # ... with no English left in it
        assert tip != LEVER_TIPS[key]
    for key, tip in LEVER_TIPS.items():
        assert not _HAN.search(tip), key
    assert lever_tips("zh") is LEVER_TIPS_ZH
    assert lever_tips("en") is LEVER_TIPS


def test_numbers_in_a_chinese_tooltip_are_those_of_the_english_one() -> None:
    numbers = re.compile(r"\d[\d,.]*")
    for key, tip in LEVER_TIPS_ZH.items():
        assert numbers.findall(tip) == numbers.findall(LEVER_TIPS[key]), key


def _tooltips(rc: object) -> str:
    return " ".join(str(w.children) for w in rc.find(v.Tooltip).widgets)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_shows_the_lever_tooltips_in_its_language(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv(ENV_SCALE, "0.02")
    monkeypatch.setenv(ENV_LANG, lang)
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    try:
        shown = _tooltips(rc)
        other = LEVER_TIPS if lang == "zh" else LEVER_TIPS_ZH
        for key, tip in lever_tips(lang).items():
            assert tip in shown, key
            assert other[key] not in shown, key
        helper = rc.find(_Helper).widget
        assert helper.html_lang == {"en": "en", "zh": "zh-CN"}[lang]
    finally:
        rc.close()


def test_the_views_words_exist_in_both_languages() -> None:
    assert set(VIEW_TIPS_ZH) == set(VIEW_TIPS) == {"map_colour", "participation"}
    for key, tip in VIEW_TIPS_ZH.items():
        assert len(_HAN.findall(tip)) >= 10, key
        assert not _LATIN_WORD.search(tip), (key, tip)
        assert not _HAN.search(VIEW_TIPS[key]), key
    numbers = re.compile(r"\d+(?:[,.]\d+)*")
    for key, tip in VIEW_TIPS_ZH.items():
        assert numbers.findall(tip) == numbers.findall(VIEW_TIPS[key]), key
    assert view_tips("zh") is VIEW_TIPS_ZH and view_tips("en") is VIEW_TIPS


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_shows_the_views_words_in_its_language(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv(ENV_SCALE, "0.02")
    monkeypatch.setenv(ENV_LANG, lang)
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    try:
        other = VIEW_TIPS if lang == "zh" else VIEW_TIPS_ZH
        assert view_tips(lang)["map_colour"] in _tooltips(rc)
        assert other["map_colour"] not in _tooltips(rc)
        rc.find(children=[view_tips(lang)["participation"]]).assert_single()
        rc.find(children=[other["participation"]]).assert_empty()
    finally:
        rc.close()
