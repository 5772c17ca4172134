"""The brief's robustness section: what scenario discovery found, in the page's language.

``cogov discover DIR`` writes ``DIR/discovery/robustness.json`` (the sentences of
:func:`cogov.experiments.analysis.robustness.robustness_section` in English and Chinese) and
its charts. When a results folder holds them, the brief shows the sentences as they are,
the caveat, and the map of each outcome's difference against one window over the two
assumptions that matter most, in the page's language. Nothing is recomputed here, so the
brief says exactly what the analysis said.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from cogov.experiments.i18n import outcome_label, tr

__all__ = ["ROBUSTNESS_FILE", "robustness_block"]

ROBUSTNESS_FILE = Path("discovery") / "robustness.json"

_TEXT = {
    "heading": ("Robustness: across plausible worlds", "稳健性：在各种可能的世界中"),
    "intro": (
        "Every assumed parameter was sampled over its plausible range; each sampled world "
        "was run under every policy with the same random numbers. Scenario discovery (PRIM) "
        "then looked for the assumptions under which co-governance stops doing better.",
        "每个假设参数都在其合理范围内抽样；每个抽样世界在各政策下以相同的随机数运行。"
        "随后用情景发现（PRIM）寻找共治不再占优的假设区域。",
    ),
    "map_title": (
        "{outcome}: co-governance minus one window across sampled worlds",
        "{outcome}：各抽样世界中共治减单一窗口",
    ),
    "map_caption": (
        "Each dot is one sampled world, placed by the two assumptions that matter most "
        "for this difference; its colour is the paired difference (co-governance minus one "
        "window). The dashed box, if any, is where co-governance does not beat one window.",
        "每个点是一个抽样世界，按对该差异最重要的两个假设放置；颜色为配对差异"
        "（共治减单一窗口）。虚线框（如有）是共治不优于单一窗口的区域。",
    ),
}


def _e(text: object) -> str:
    return html.escape(str(text))


def robustness_block(
    folder: Path, lang: str
) -> tuple[str, list[tuple[str, Path, str, str]]] | None:
    """The section's HTML and its charts, or None if discovery has not been run on ``folder``.

    Returns:
        ``(html, figures)``; each figure is ``(title, PNG path, caption, id)`` for the page.
    """
    path = Path(folder) / ROBUSTNESS_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))[lang]
    items = "\n".join(f"<li>{_e(s)}</li>" for s in data["sentences"])
    section = (
        f'<section class="findings" id="robustness"><h2>{_e(tr(_TEXT["heading"], lang))}</h2>\n'
        f'<p class="note">{_e(tr(_TEXT["intro"], lang))}</p>\n<ul>\n{items}\n</ul>\n'
        f'<p class="note">{_e(data["caveat"])}</p></section>\n'
    )
    figures = []
    suffix = "_zh" if lang == "zh" else ""
    for row in data["rows"]:
        if row["baseline"] != "one_window":
            continue
        png = path.parent / f"map_{row['outcome']}_vs_one_window{suffix}.png"
        if png.is_file():
            title = tr(_TEXT["map_title"], lang, outcome=outcome_label(row["outcome"], lang))
            figures.append(
                (title, png, tr(_TEXT["map_caption"], lang), f"robustness_{row['outcome']}")
            )
    return section, figures
