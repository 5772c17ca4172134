"""How every chart looks: fonts (Chinese included), a colour-blind-safe palette, saving.

Figures are built as :class:`matplotlib.figure.Figure` objects without pyplot, so no global
backend or figure state is touched; ``savefig`` renders PNG with Agg and SVG with the SVG
backend. Style settings apply only inside :func:`chart_style` (``matplotlib.rc_context``).

Colours are the Okabe–Ito palette (Okabe and Ito 2008, "Color Universal Design"), which
stays distinguishable under the common colour-vision deficiencies; the reference scenario is
always black with a diamond marker and a heavier line, and every scenario also has its own
marker so colour is never the only cue.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from cogov.experiments.files import write_bytes_atomic
from cogov.sim.errors import InputError

__all__ = [
    "CJK_FAMILY",
    "CJK_PACKAGE",
    "OKABE_ITO",
    "FontMissingError",
    "ScenarioStyle",
    "annotate",
    "chart_style",
    "cjk_family",
    "new_figure",
    "save_figure",
    "scenario_styles",
]

#: Okabe–Ito: black, orange, sky blue, bluish green, blue, vermillion, reddish purple, yellow
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
_MARKERS = ("o", "s", "^", "v", "P", "X", "<", ">", "h")
CJK_PACKAGE = "fonts-noto-cjk"
CJK_FAMILY = "Noto Sans CJK SC"
_DPI = 150


class FontMissingError(InputError):
    """No font for Chinese text is installed."""


@dataclass(frozen=True, slots=True)
class ScenarioStyle:
    """How one scenario is drawn in every chart."""

    colour: str
    marker: str
    linewidth: float
    is_reference: bool


def scenario_styles(scenarios: Sequence[str], reference: str | None) -> dict[str, ScenarioStyle]:
    """A fixed colour and marker per scenario, the same in every chart of a report.

    The reference is black with a diamond; the others take the Okabe–Ito colours in order
    (yellow last, as it is faint on white), cycling with new markers beyond seven.
    """
    styles = {}
    colours = OKABE_ITO[1:]
    others = [s for s in scenarios if s != reference]
    for i, name in enumerate(others):
        styles[name] = ScenarioStyle(
            colours[i % len(colours)], _MARKERS[i % len(_MARKERS)], 1.6, False
        )
    if reference is not None and reference in scenarios:
        styles[reference] = ScenarioStyle(OKABE_ITO[0], "D", 2.6, True)
    return {s: styles[s] for s in scenarios}


@cache
def cjk_family() -> str:
    """The family name of the installed Noto Sans CJK font, registered with matplotlib.

    Matplotlib's font list is cached on first use, so a font installed later is found by
    scanning the system font folders and adding it.

    Raises:
        FontMissingError: naming the Debian package to install.
    """
    if not _has_family(CJK_FAMILY):
        for path in font_manager.findSystemFonts():
            if Path(path).name.startswith("NotoSansCJK"):
                font_manager.fontManager.addfont(path)
    if not _has_family(CJK_FAMILY):
        raise FontMissingError(
            f"--lang zh needs a Chinese font ({CJK_FAMILY}) and none is installed; "
            f"install Debian's {CJK_PACKAGE}: apt-get install -y {CJK_PACKAGE}"
        )
    return CJK_FAMILY


def _has_family(name: str) -> bool:
    return any(f.name == name for f in font_manager.fontManager.ttflist)


@contextlib.contextmanager
def chart_style(lang: str = "en") -> Iterator[None]:
    """Settings for every chart; with ``lang="zh"`` a Chinese font first.

    Raises:
        FontMissingError: for ``zh`` when no Chinese font is installed.
    """
    rc = {
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "legend.fontsize": 9,
        "svg.hashsalt": "cogov",  # stable ids in SVG files
        "svg.fonttype": "path",  # text as outlines: SVGs show the same glyphs everywhere
        "font.family": "sans-serif",
    }
    if lang == "zh":
        rc["font.sans-serif"] = [cjk_family(), "DejaVu Sans"]
        rc["axes.unicode_minus"] = False
    with matplotlib.rc_context(rc):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` x ``height`` inches with constrained layout (no pyplot)."""
    return Figure(figsize=(width, height), layout="constrained")


def annotate(fig: Figure, title: str, caption: str = "", lang: str = "en") -> Figure:
    """Give ``fig`` its title on top and its caption below, so the file stands on its own.

    Both are drawn outside the figure's own area (the title above it, the caption below,
    wrapped to its width), so they never collide with legends or panel titles; saving with
    a tight box keeps them in the image (see :func:`save_figure`).
    """
    above = offset_copy(fig.transFigure, fig=fig, y=6, units="points")
    fig.text(
        0.01, 1.0, title, ha="left", va="bottom", fontsize=12.5, fontweight="bold", transform=above
    )
    if caption:
        width = fig.get_figwidth()
        chars = int(width * (7.5 if lang == "zh" else 15))
        text = "\n".join(textwrap.wrap(caption, chars, break_long_words=lang == "zh"))
        below = offset_copy(fig.transFigure, fig=fig, y=-4, units="points")
        fig.text(
            0.01, 0.0, text, ha="left", va="top", fontsize=8.5, color="#333333", transform=below
        )
    return fig


def save_figure(
    fig: Figure, out_dir: Path, name: str, formats: Sequence[str] = ("png", "svg")
) -> dict[str, Path]:
    """Write ``fig`` as ``out_dir/name.png`` and ``.svg`` (atomically) and return the paths.

    The saved box is the drawing's tight box, so nothing (titles, captions, labels) is
    cut at the edge. File metadata carry no dates, so the same data give the same bytes.
    """
    paths = {}
    meta = {"png": {"Software": None}, "svg": {"Date": None}}
    for fmt in formats:
        buf = io.BytesIO()
        fig.savefig(
            buf,
            format=fmt,
            dpi=_DPI,
            metadata=meta[fmt],
            facecolor="white",
            bbox_inches="tight",
            pad_inches=0.15,
        )
        path = Path(out_dir) / f"{name}.{fmt}"
        write_bytes_atomic(path, buf.getvalue())
        paths[fmt] = path
    return paths
