"""The HTML of the report: the page, the methods box and the table of key outcomes.

All text from results or files is escaped; the page has no scripts and no external
resources (images are ``data:`` URIs), so it opens offline.
"""

from __future__ import annotations

import html
import tomllib
from collections.abc import Sequence

import pandas as pd

from cogov.experiments.i18n import (
    fmt_number,
    interval_digits,
    outcome_label,
    parameter_label,
    scenario_label,
    tr,
)
from cogov.experiments.report.findings import distinguishable
from cogov.experiments.report.text import CSS, HEADINGS, METHODS

__all__ = ["methods_box", "outcome_table", "page", "points_table"]


def _e(text: object) -> str:
    return html.escape(str(text))


def _description(manifest: dict) -> str:
    """The experiment file's description (the manifest keeps the file's text)."""
    try:
        data = tomllib.loads(manifest.get("experiment_text") or "")
    except tomllib.TOMLDecodeError:
        return ""
    return str(data.get("experiment", {}).get("description", ""))


def _seeds(runs: pd.DataFrame) -> str:
    seeds = runs.sort_values("replicate").groupby("replicate", sort=True)["seed"].first()
    shown = [f"r={r}: {s}" for r, s in seeds.items()]
    return ", ".join(shown[:4]) + (", …" if len(shown) > 4 else "")


def methods_box(
    manifest: dict, runs: pd.DataFrame, all_runs: pd.DataFrame, lang: str = "en"
) -> str:
    """The methods box: scenarios, design, replicates, days, seeds, scale and code version."""
    ref = manifest.get("reference")
    names = [
        scenario_label(s, lang) + (f" ({tr(HEADINGS['reference'], lang)})" if s == ref else "")
        for s in manifest["scenarios"]
    ]
    design = manifest.get("design", "")
    params = manifest.get("parameters") or []
    if params:
        varied = ", ".join(parameter_label(p, lang) for p in params)
        design += f" — {tr(METHODS['parameters'], lang)}: {varied}"
        if manifest.get("samples"):
            design += f" (samples = {manifest['samples']})"
    scales = sorted(runs["population_scale"].dropna().unique())
    residents = sorted(runs["residents"].dropna().unique())
    scale = tr(
        METHODS["scale_text"],
        lang,
        scale=", ".join(f"{x:g}" for x in scales),
        residents=", ".join(f"{int(r):,}" for r in residents),
    )
    versions = manifest.get("versions") or {}
    code = (
        manifest.get("code_version", "?")
        + " — "
        + ", ".join(f"{k} {v}" for k, v in versions.items())
    )
    experiment = manifest.get("experiment", "")
    if manifest.get("experiment_sha256"):
        experiment += f" ({manifest.get('experiment_file', '')}, sha256 "
        experiment += f"{manifest['experiment_sha256'][:12]})"
    items = [
        ("experiment", experiment),
        ("design", design),
        ("scenarios", ", ".join(names)),
        (
            "replicates",
            tr(
                METHODS["replicates_text"],
                lang,
                replicates=manifest.get("replicates"),
                days=manifest.get("days"),
                ok=len(runs),
                planned=manifest.get("runs_planned", len(all_runs)),
            ),
        ),
        (
            "seeds",
            tr(
                METHODS["seeds_text"],
                lang,
                root=manifest.get("root_seed"),
                replicates=manifest.get("replicates"),
                seeds=_seeds(runs),
            ),
        ),
        ("scale", scale),
        ("intervals", tr(METHODS["intervals_text"], lang)),
        ("code", code),
        ("run", f"{manifest.get('started') or '?'} – {manifest.get('finished') or '?'}"),
    ]
    rows = "\n".join(f"<dt>{_e(tr(METHODS[k], lang))}</dt><dd>{_e(v)}</dd>" for k, v in items)
    return (
        f'<section class="methods" id="methods"><h2>{_e(tr(HEADINGS["methods"], lang))}</h2>'
        f"<dl>\n{rows}\n</dl></section>"
    )


def _range(outcome: str, low: float, high: float, lang: str, diff: bool = False) -> str:
    to = "至" if lang == "zh" else " to "
    digits = interval_digits(outcome, low, high, diff=diff)
    lo = fmt_number(outcome, low, sign=diff, digits=digits)
    return lo + to + fmt_number(outcome, high, sign=diff, digits=digits)


def outcome_table(
    table: pd.DataFrame,
    outcomes: Sequence[str],
    scenarios: Sequence[str],
    reference: str,
    lang: str = "en",
) -> str:
    """A table of each scenario's key outcomes and differences from the reference."""
    head = "".join(f"<th>{_e(outcome_label(o, lang, unit=True))}</th>" for o in outcomes)
    body = []
    for scenario in scenarios:
        rows = table[table["scenario"] == scenario].set_index("outcome")
        cells = []
        for o in outcomes:
            r = rows.loc[o]
            cell = f"{_e(fmt_number(o, r['mean']))}"
            cell += f"<small>{_e(_range(o, r['ci_low'], r['ci_high'], lang))}</small>"
            if scenario != reference and pd.notna(r.get("diff")):
                hit = ' class="hit"' if distinguishable(r) else ""
                cell += (
                    f"<small{hit}>Δ {_e(fmt_number(o, r['diff'], sign=True))} "
                    f"({_e(_range(o, r['diff_low'], r['diff_high'], lang, diff=True))})</small>"
                )
            cells.append(f"<td>{cell}</td>")
        label = scenario_label(scenario, lang)
        if scenario == reference:
            label += f" ({tr(HEADINGS['reference'], lang)})"
        css = ' class="reference"' if scenario == reference else ""
        body.append(f"<tr{css}><td>{_e(label)}</td>{''.join(cells)}</tr>")
    return (
        f'<section id="outcomes"><h2>{_e(tr(HEADINGS["table"], lang))}</h2>'
        f"<table><thead><tr><th>{_e(tr(HEADINGS['scenario'], lang))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        f'<p class="note">{_e(tr(HEADINGS["table_note"], lang))}</p></section>'
    )


def points_table(points: Sequence[tuple[str, str]], lang: str = "en") -> str:
    """A table of a ``points`` design's design points and their full parameter values."""
    rows = "".join(
        f"<tr><td>{_e(label.split(' ', 1)[0])}</td><td>{_e(text)}</td></tr>"
        for label, text in points
    )
    return (
        f'<section id="points"><h2>{_e(tr(HEADINGS["points"], lang))}</h2><table class="points">'
        f"<thead><tr><th>{_e(tr(HEADINGS['point'], lang))}</th>"
        f"<th>{_e(tr(HEADINGS['values'], lang))}</th></tr></thead><tbody>{rows}</tbody>"
        "</table></section>"
    )


def page(
    manifest: dict,
    lang: str,
    findings: Sequence[str],
    methods: str,
    extra: Sequence[str],
    figures: Sequence[tuple[str, str, str, str]],
    chart_dir: str,
    front: str = "",
    back: str = "",
) -> str:
    """The whole HTML document.

    Args:
        manifest: the results folder's manifest.
        lang: ``"en"`` or ``"zh"``.
        findings: sentences (plain text).
        methods: the methods box (HTML).
        extra: further sections (HTML) placed before the charts.
        figures: ``(title, data URI, caption, id)`` per chart.
        chart_dir: the folder of the chart files, relative to the page.
        front: HTML placed first, before the findings (the headline box).
        back: HTML placed after the findings (caveats).
    """
    title = tr(HEADINGS["title"], lang, name=manifest.get("experiment", ""))
    desc = _description(manifest)
    items = "\n".join(f"<li>{_e(s)}</li>" for s in findings)
    figs = "\n".join(
        f'<figure id="{_e(fid)}"><h3>{_e(t)}</h3><img src="{uri}" alt="{_e(t)}: {_e(c)}">'
        f"<figcaption>{_e(c)}</figcaption></figure>"
        for t, uri, c, fid in figures
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-Hans" if lang == "zh" else "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<header><h1>{_e(title)}</h1>
<p class="sub">{_e(tr(HEADINGS["subtitle"], lang))}{(" — " + _e(desc)) if desc else ""}</p>
</header>
{front}
<section class="findings" id="findings"><h2>{_e(tr(HEADINGS["findings"], lang))}</h2>
<ul>
{items}
</ul></section>
{back}
{"".join(extra)}
<section id="charts"><h2>{_e(tr(HEADINGS["charts"], lang))}</h2>
<p class="note">{_e(tr(HEADINGS["files"], lang, folder=chart_dir + "/"))}</p>
{figs}
</section>
{methods}
</main>
</body>
</html>
"""
