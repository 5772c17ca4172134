"""Plain words and accessible names for the parts of the page that SolaraViz draws itself.

SolaraViz builds its sidebar (Play Interval, Render Interval, Use Threads, an empty Model
Parameters card, "Time: 8760.0") and its buttons (a bare ▶) with no way to configure them
from Python. A small Vue component, placed once on the page, watches the page and, by the
visible text of each element (never its position, so a re-render cannot move it):

- gives every button an accessible name and a tooltip in plain words (the ▶ button becomes
  "Play", ❚❚ "Pause", the icon buttons of the app bar say what they do);
- hides Mesa's raw controls and the cards the app replaces (Model Parameters, Information);
- hides Solara's badge, which sits over the event feed;
- sets the page's ``<html lang>`` to its language (:mod:`cogov.viz.lang`).

Text that this module matches is listed in :data:`BUTTONS`, :data:`HIDDEN_INPUTS` and
:data:`HIDDEN_CARDS`; the browser test checks the result on the real page.
"""

from __future__ import annotations

import json

import ipyvuetify as v
import solara
import traitlets

from cogov.viz.lang import HTML_LANG

__all__ = ["BUTTONS", "HIDDEN_CARDS", "HIDDEN_INPUTS", "PageHelper"]

#: a button's visible text (or, for icon buttons, its icon's class) -> (name, tooltip)
BUTTONS = {
    "▶": ("Play", "Play: run the simulation, a tick at a time, until you press Pause"),
    "❚❚": ("Pause", "Pause the simulation"),
    "RESET": ("Reset", "Reset: build a new model from the levers and start again at day 1"),
    "STEP": ("Step", "Step: advance the simulation by one tick (see Speed)"),
    "mdi-menu": ("Show or hide the side panel", "Show or hide the side panel"),
    "mdi-brightness": ("Light or dark colours", "Switch between light and dark colours"),
    "mdi-weather": ("Light or dark colours", "Switch between light and dark colours"),
}
#: labels of SolaraViz's controls that a student does not need (the app sets them)
HIDDEN_INPUTS = ("Play Interval (ms)", "Render Interval (steps)", "Use Threads")
#: titles of SolaraViz's cards that the app replaces: the levers and the feed's clock
HIDDEN_CARDS = ("Model Parameters", "Information")

_SCRIPT = """
module.exports = {
  mounted() {
    if (this.html_lang) document.documentElement.lang = this.html_lang;
    const buttons = %(buttons)s, inputs = %(inputs)s, cards = %(cards)s;
    const fix = () => {
      document.querySelectorAll("button").forEach((b) => {
        let key = b.innerText.trim().toUpperCase();
        if (key === "▶" || key === "❚❚") key = b.innerText.trim();
        if (!buttons[key]) {
          const icon = b.querySelector("i.v-icon");
          const cls = icon ? Array.from(icon.classList).find((c) => c.startsWith("mdi-")) : "";
          key = Object.keys(buttons).find((k) => cls && cls.startsWith(k)) || "";
        }
        const named = buttons[key];
        if (named && b.getAttribute("aria-label") !== named[0]) {
          b.setAttribute("aria-label", named[0]);
          b.setAttribute("title", named[1]);
        }
      });
      document.querySelectorAll(".v-input").forEach((el) => {
        const label = el.querySelector("label");
        if (label && inputs.includes(label.innerText.trim())) el.style.display = "none";
      });
      document.querySelectorAll(".v-card__title").forEach((t) => {
        const card = t.closest(".v-card");
        if (card && cards.includes(t.innerText.trim())) card.style.display = "none";
        if (t.innerText.trim() === "Controls") t.innerText = "Run the simulation";
      });
      document.querySelectorAll("a").forEach((a) => {
        if (a.innerText.trim() !== "Solara" || !a.href.includes("solara.dev")) return;
        let badge = a;
        for (let up = a.parentElement, i = 0; up && i < 3; up = up.parentElement, i++) {
          if (up.innerText.trim().length > 60) break;
          badge = up;
        }
        badge.style.display = "none";
      });
    };
    let queued = false;
    this.observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; fix(); });
    });
    this.observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    fix();
  },
  destroyed() { if (this.observer) this.observer.disconnect(); },
};
"""


class _Helper(v.VuetifyTemplate):
    template = traitlets.Unicode(
        '<span class="cogov-page-helper" style="display:none"></span>\n<script>\n'
        + _SCRIPT
        % {
            "buttons": json.dumps(BUTTONS, ensure_ascii=False),
            "inputs": json.dumps(HIDDEN_INPUTS),
            "cards": json.dumps(HIDDEN_CARDS),
        }
        + "</script>"
    ).tag(sync=True)
    html_lang = traitlets.Unicode("").tag(sync=True)


@solara.component
def PageHelper(lang: str = "en") -> None:  # noqa: N802
    """Place the helper on the page (once per session), for a page in ``lang``."""
    _Helper.element(html_lang=HTML_LANG.get(lang, "en"))
