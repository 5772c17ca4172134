"""The data and sentences of a robustness section, in English and Chinese.

:func:`robustness_section` turns scenario-discovery results into what a policy brief says:
"co-governance beats one window on satisfaction in 72% of sampled worlds (36 of 50); it
fails where supervision strength > 0.81 and demand multiplier < 1.12". Every number in a
sentence comes from the :class:`~cogov.experiments.analysis.discover.Discovery` it is built
from. The brief itself (``experiments/report/``) can wire this in; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cogov.experiments.analysis.discover import Discovery
from cogov.experiments.uncertainties import UNCERTAINTIES, label

__all__ = ["box_clause", "robustness_section", "sentence"]

_OUTCOMES = {
    "satisfaction_mean": ("satisfaction", "满意度"),
    "solved_rate": ("the solved rate", "解决率"),
    "petitions": ("petitions", "上访数"),
}
_POLICIES = {
    "one_window": ("one window", "单一窗口"),
    "siloed": ("siloed departments", "条块分割"),
    "cogovernance": ("co-governance", "共治"),
}


def _bounds(name: str) -> tuple[float, float] | None:
    for u in UNCERTAINTIES:
        if u.name == name:
            return float(u.low), float(u.high)
    return None


def _num(x: float) -> str:
    return f"{x:.3g}"


def box_clause(limits: dict[str, tuple[float, float]], lang: str = "en") -> str:
    """The box as a condition: ``A > a and B < b`` (only the restricted sides are named)."""
    parts = []
    for name, (lo, hi) in limits.items():
        full = _bounds(name)
        name_text = label(name, lang)
        low_cut = full is None or lo > full[0] + 1e-12
        high_cut = full is None or hi < full[1] - 1e-12
        if low_cut and high_cut:
            parts.append(f"{_num(lo)} < {name_text} < {_num(hi)}")
        elif low_cut:
            parts.append(f"{name_text} > {_num(lo)}")
        elif high_cut:
            parts.append(f"{name_text} < {_num(hi)}")
    joiner = "，且" if lang == "zh" else " and "
    return joiner.join(parts)


def sentence(d: Discovery, lang: str = "en") -> str:
    """One sentence for one outcome and baseline, from the discovery's numbers."""
    zh = lang == "zh"
    outcome = _OUTCOMES.get(d.outcome, (d.outcome, d.outcome))[1 if zh else 0]
    base = _POLICIES.get(d.baseline, (d.baseline, d.baseline))[1 if zh else 0]
    beats = d.worlds - d.failing
    pct = round(100 * d.share_beats) if d.worlds else 0
    if zh:
        text = f"在抽样的{d.worlds}个世界中，共治在{outcome}上优于{base}的占{pct}%（{beats}个）"
    else:
        text = (
            f"Co-governance beats {base} on {outcome} in {pct}% of sampled worlds "
            f"({beats} of {d.worlds})"
        )
    # a world where both policies give the same value (say, no petition under either) is
    # not a win, but calling it a failure would read as "co-governance does worse there"
    ties_only = d.worse == 0 and d.failing > 0
    if d.limits and d.density < 0.5:  # PRIM found no box where most worlds fail
        if zh:
            text += (
                f"；{d.failing}个世界不占优（其中{max(d.worse, 0)}个更差），"
                "没有假设区域能把它们分出来"
            )
        else:
            text += (
                f"; it does not beat it in {d.failing} (worse in {max(d.worse, 0)}), "
                "which no box of assumptions isolates"
            )
    elif d.limits:
        clause = box_clause(d.limits, lang)
        cov, den = round(100 * d.coverage), round(100 * d.density)
        if ties_only and zh:
            text += f"；在任何世界中都不更差，在{clause}时两者持平（覆盖率{cov}%，密度{den}%）"
        elif ties_only:
            text += (
                f"; it is worse in none, and ties (the same value under both) where {clause} "
                f"(coverage {cov}%, density {den}%)"
            )
        elif zh:
            text += f"；在{clause}时不占优（覆盖率{cov}%，密度{den}%）"
        else:
            text += f"; it fails where {clause} (coverage {cov}%, density {den}%)"
        if d.worse > 0:
            text += f"，其中{d.worse}个世界更差" if zh else f"; it is worse in {d.worse}"
    elif ties_only:
        text += (
            f"；在任何世界中都不更差（{d.failing}个世界持平）"
            if zh
            else f"; it is worse in none and ties in {d.failing}"
        )
    elif d.failing == d.worlds and d.worlds:
        text += "；在所有抽样世界中均不占优" if zh else "; it fails in every sampled world"
    elif d.failing == 0 and d.worlds:
        text += "；没有不占优的世界" if zh else "; it fails in none"
    return text + ("。" if zh else ".")


def robustness_section(discoveries: Sequence[Discovery], lang: str = "en") -> dict[str, Any]:
    """The section's data (one row per outcome and baseline) and its sentences.

    Returns:
        ``{"rows": [...], "sentences": [...], "caveat": str}``; each row holds the outcome,
        baseline, worlds, share beating, box limits, coverage and density.
    """
    rows = [
        {
            "outcome": d.outcome,
            "baseline": d.baseline,
            "worlds": d.worlds,
            "beats": d.worlds - d.failing,
            "share_beats": d.share_beats,
            "limits": {k: list(v) for k, v in d.limits.items()},
            "coverage": d.coverage,
            "density": d.density,
            "worse": d.worse,
        }
        for d in discoveries
    ]
    caveat = (
        "部分假设参数只有共治政策读取，含这些参数的结论部分出于假设而非行为。"
        if lang == "zh"
        else "Some assumed parameters are read only by co-governance; conclusions that "
        "turn on them hold partly by assumption, not from behaviour."
    )
    return {"rows": rows, "sentences": [sentence(d, lang) for d in discoveries], "caveat": caveat}
