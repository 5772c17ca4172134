"""Experiment files: which scenarios, which parameters vary and how, how many replicates.

An experiment file is TOML::

    [experiment]
    name = "participation_sweep"
    scenarios = ["xinhua_2013"]      # built-in names or paths
    reference = "xinhua_2013"        # optional: differences are taken from it
    replicates = 10
    days = 365
    root_seed = 2013
    scale = 1.0                      # optional population scale for every run

    [design]
    kind = "grid"                    # "scenarios", "grid", "points", "lhs", "sobol" or "explore"
    samples = 64                     # lhs, sobol and explore only (sobol: a power of two)
    [design.parameters."volunteers.count"]
    values = [500, 1000, 2000]       # grid
    # bounds = [500, 2000]           # lhs and sobol
    # points = [{ "volunteers.count" = 500 }, ...]  # under [design] for kind = "points"

Everything is checked when the file is loaded, before any run starts: each scenario is
loaded and validated, design parameters must be scenario parameters other than ``name``,
``description``, ``days`` and ``seed`` (the experiment sets days and seeds), every value and
every point is checked against every scenario, scenarios and design points may not repeat,
and a plan of more than ``max_runs`` runs (default :data:`MAX_RUNS`) is refused. An
experiment can also be built from a dict (:func:`experiment_from_dict`) without a file.

Replicate ``r`` of every design point runs with the seed spawned from the root as
``SeedSequence(root_seed).spawn(replicates)[r]``, so a run's seed depends only on the
experiment and its replicate number and all design points share seeds (common random
numbers; differences between points are then paired by seed).

``kind = "explore"`` is a Latin hypercube over every parameter of the uncertainty table
(:mod:`cogov.experiments.uncertainties`, which gives the bounds; no ``design.parameters``):
each sampled world runs under each scenario (policy) with the same seeds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cogov.sim.errors import ExperimentError, ScenarioError
from cogov.sim.loader import check_name, override_type, read_toml, resolve, scenario_checker
from cogov.sim.ranges import out_of_range

__all__ = [
    "EXPERIMENT_DIR",
    "MAX_RUNS",
    "Experiment",
    "RunSpec",
    "builtin_experiments",
    "experiment_from_dict",
    "load_experiment",
]

#: the largest plan accepted without ``max_runs`` raised (``cogov batch --max-runs``)
MAX_RUNS = 20_000
#: scenario keys a design may not vary: the experiment sets days and seeds, names are fixed
_RESERVED = ("name", "description", "days", "seed")

EXPERIMENT_DIR = Path(__file__).resolve().parent
_KINDS = ("scenarios", "grid", "points", "lhs", "sobol", "explore")
_EXPERIMENT_KEYS = {
    "name",
    "description",
    "scenarios",
    "reference",
    "replicates",
    "days",
    "root_seed",
    "scale",
}


@dataclass(frozen=True, slots=True)
class RunSpec:
    """One simulation of an experiment."""

    index: int
    point: int
    scenario: str
    overrides: tuple[tuple[str, Any], ...]
    replicate: int
    seed: int
    days: int
    sobol_matrix: str = ""  # "A", "B" or "AB<i>" in a sobol design
    sobol_row: int = -1


@dataclass(frozen=True, slots=True)
class Experiment:
    """A validated experiment and its expanded runs."""

    name: str
    description: str
    path: Path | None  # the experiment file (None when built from a dict)
    text_sha256: str
    kind: str
    scenarios: tuple[str, ...]
    reference: str
    replicates: int
    days: int
    root_seed: int
    parameters: tuple[str, ...]
    runs: tuple[RunSpec, ...]
    samples: int = 0
    text: str = ""  # the file's text (or the dict as JSON), kept in the manifest
    source: str = ""  # the file, or what the dict came from, for messages

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], source: str = "(dict)", max_runs: int = MAX_RUNS
    ) -> Experiment:
        """Build and validate an experiment from a dict shaped like the TOML file."""
        return experiment_from_dict(data, source, max_runs)


def builtin_experiments() -> dict[str, Path]:
    """Experiment files shipped in ``experiments/``, by name."""
    return {p.stem: p for p in sorted(EXPERIMENT_DIR.glob("*.toml"))}


def replicate_seeds(root_seed: int, replicates: int) -> list[int]:
    """Seeds of replicates 0..n-1, spawned from the root (each fits in 63 bits)."""
    children = np.random.SeedSequence(root_seed).spawn(replicates)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


def load_experiment(name_or_path: str | Path, max_runs: int = MAX_RUNS) -> Experiment:
    """Read and validate an experiment file and expand its runs.

    Args:
        name_or_path: a built-in experiment name or a path to a TOML file.
        max_runs: the largest plan accepted.

    Raises:
        ExperimentError: naming the file, the key, what was found and what is allowed.
    """
    path = resolve(name_or_path, builtin_experiments(), "experiment", ExperimentError)
    data = read_toml(path, ExperimentError)
    raw = path.read_bytes()
    return _expand(data, path, str(path), raw.decode("utf-8"), max_runs)


def experiment_from_dict(
    data: dict[str, Any], source: str = "(dict)", max_runs: int = MAX_RUNS
) -> Experiment:
    """Validate an experiment given as a dict (the TOML file's shape) and expand its runs.

    Args:
        data: ``{"experiment": {...}, "design": {...}}``; ``experiment.name`` is required.
        source: what the dict came from, named in error messages.
        max_runs: the largest plan accepted.

    Raises:
        ExperimentError: naming the source, the key, what was found and what is allowed.
    """
    if not isinstance(data, dict):
        raise ExperimentError(f"{source}: found {type(data).__name__}; allowed: a dict")
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, default=str)
    return _expand(data, None, source, text, max_runs)


def _expand(
    data: dict[str, Any], path: Path | None, source: str, text: str, max_runs: int
) -> Experiment:
    v = _Validator(source)
    v.only(data, {"experiment", "design"}, "(top level)")
    exp = v.table(data, "experiment", required=True)
    v.only(exp, _EXPERIMENT_KEYS, "experiment")
    if path is None and "name" not in exp:
        v.fail("experiment.name", None, "a name (required when not read from a file)")
    name = v.get(exp, "experiment.name", str, default=path.stem if path else "")
    check_name(name, f"{source}: key 'experiment.name'", ExperimentError)
    scenarios = v.get(exp, "experiment.scenarios", list, default=["xinhua_2013"])
    if not scenarios or not all(isinstance(s, str) for s in scenarios):
        v.fail("experiment.scenarios", scenarios, "a non-empty array of scenario names")
    checkers, seen = {}, {}
    for s in scenarios:
        try:
            resolved = resolve(s).resolve()
            checkers[s] = scenario_checker(s)
            checkers[s]()  # the scenario itself must be valid
        except ScenarioError as exc:
            v.fail("experiment.scenarios", s, f"a valid built-in scenario or file ({exc})")
        if resolved in seen:
            v.fail("experiment.scenarios", s, f"each scenario once (it repeats {seen[resolved]!r})")
        seen[resolved] = s
    reference = v.get(exp, "experiment.reference", str, default=scenarios[0])
    if reference not in scenarios:
        v.fail("experiment.reference", reference, "one of experiment.scenarios")
    replicates = v.get(exp, "experiment.replicates", int, default=10, lo=1, hi=100_000)
    days = v.get(exp, "experiment.days", int, default=365, lo=1, hi=365_000)
    root_seed = v.get(exp, "experiment.root_seed", int, default=0, lo=0, hi=2**63 - 1)
    scale = v.get(exp, "experiment.scale", float, default=None, lo=0.001, hi=100.0)
    design = v.table(data, "design", required=False)
    v.only(design, {"kind", "samples", "parameters", "points"}, "design")
    kind = v.get(design, "design.kind", str, default="scenarios")
    if kind not in _KINDS:
        v.fail("design.kind", kind, "one of " + ", ".join(repr(k) for k in _KINDS))
    base = {"population.scale": scale} if scale is not None else {}
    plan = _Plan(len(scenarios) * replicates, max_runs, v)
    points, params, samples = _points(v, design, kind, [checkers[s] for s in scenarios], plan)
    if scale is not None and "population.scale" in params:
        v.fail("design.parameters", "population.scale", "not both experiment.scale and a design")
    seeds = replicate_seeds(root_seed, replicates)
    runs = []
    for (p_index, (overrides, matrix, row)), scenario in itertools.product(
        enumerate(points), scenarios
    ):
        point = p_index * len(scenarios) + scenarios.index(scenario)
        full = tuple(sorted({**base, **overrides}.items()))
        for r, seed in enumerate(seeds):
            runs.append(RunSpec(len(runs), point, scenario, full, r, seed, days, matrix, row))
    return Experiment(
        name=name,
        description=v.get(exp, "experiment.description", str, default=""),
        path=path,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        kind=kind,
        scenarios=tuple(scenarios),
        reference=reference,
        replicates=replicates,
        days=days,
        root_seed=root_seed,
        parameters=params,
        runs=tuple(runs),
        samples=samples,
        text=text,
        source=source,
    )


class _Plan:
    """Refuses a plan larger than ``max_runs`` before its points are built or checked."""

    def __init__(self, runs_per_point: int, max_runs: int, v: _Validator) -> None:
        self.runs_per_point, self.max_runs, self.v = runs_per_point, max_runs, v

    def check(self, points: int, key: str) -> None:
        runs = points * self.runs_per_point
        if runs > self.max_runs:
            raise ExperimentError(
                f"{self.v.source}: key {key!r}: found a plan of {runs:,} runs ({points:,} design "
                f"points x {self.runs_per_point:,} scenario replicates); allowed: at most "
                f"{self.max_runs:,} (pass --max-runs {runs} to run it anyway)"
            )


def _points(
    v: _Validator, design: dict, kind: str, checkers: list, plan: _Plan
) -> tuple[list[tuple[dict, str, int]], tuple[str, ...], int]:
    """Design points as (overrides, sobol matrix, sobol row), every one checked."""
    if kind == "scenarios":
        v.only(design, {"kind"}, "design", " (kind = 'scenarios')")
        return [({}, "", -1)], (), 0
    if kind == "points":
        v.only(design, {"kind", "points"}, "design", " (kind = 'points')")
        pts = v.get(design, "design.points", list, default=None)
        if not pts or not all(isinstance(p, dict) for p in pts):
            v.fail("design.points", pts, "a non-empty array of tables of parameter values")
        plan.check(len(pts), "design.points")
        names = tuple(sorted({k for p in pts for k in p}))
        first: dict[str, int] = {}
        for i, p in enumerate(pts):
            for k in p:
                v.param_type(f"design.points[{i}].{k}", k)
            same = json.dumps(p, sort_keys=True, default=str)
            if same in first:
                v.fail(
                    f"design.points[{i}]", p, f"distinct points (it repeats point {first[same]})"
                )
            first[same] = i
            v.check_point(checkers, f"design.points[{i}]", p)
        return [(dict(p), "", -1) for p in pts], names, 0
    if kind == "explore":  # bounds from the one uncertainty table, then sampled as lhs
        from cogov.experiments.uncertainties import uncertainty_bounds

        v.only(design, {"kind", "samples"}, "design (kind = 'explore')")
        design, kind = {**design, "parameters": uncertainty_bounds()}, "lhs"
    params = v.table(design, "parameters", required=True, where="design.parameters")
    names = tuple(params)
    if not names:
        v.fail("design.parameters", {}, "at least one parameter")
    if kind == "grid":
        v.only(design, {"kind", "parameters"}, "design", " (kind = 'grid')")
        axes = []
        for name in names:
            spec = v.table(params, name, required=True, where=f"design.parameters.{name}")
            v.only(spec, {"values"}, f"design.parameters.{name}", " (grid)")
            key = f"design.parameters.{name}.values"
            values = v.get(spec, key, list, default=None)
            if not values:
                v.fail(key, values, "a non-empty array")
            v.param_type(f"design.parameters.{name}", name)
            if len({json.dumps(x, default=str) for x in values}) != len(values):
                v.fail(key, values, "distinct values (a repeated value repeats design points)")
            axes.append(values)
        plan.check(math.prod(len(a) for a in axes), "design.parameters")
        for name, values in zip(names, axes, strict=True):
            for val in values:
                v.check_point(checkers, f"design.parameters.{name}.values", {name: val})
        combos = [dict(zip(names, c, strict=True)) for c in itertools.product(*axes)]
        for combo in combos:  # combinations must be consistent too (e.g. siloed with edf)
            v.check_point(checkers, "design.parameters", combo)
        return [(c, "", -1) for c in combos], names, 0
    v.only(design, {"kind", "parameters", "samples"}, "design", f" (kind = {kind!r})")
    samples = v.get(design, "design.samples", int, default=None, lo=2, hi=1_000_000)
    if samples is None:
        v.fail("design.samples", None, "a whole number of samples (required for lhs/sobol/explore)")
    if kind == "sobol" and samples & (samples - 1):
        v.fail("design.samples", samples, "a power of two for a sobol design")
    plan.check(samples * (len(names) + 2) if kind == "sobol" else samples, "design.samples")
    lows, highs, integer = [], [], []
    for name in names:
        spec = v.table(params, name, required=True, where=f"design.parameters.{name}")
        v.only(spec, {"bounds"}, f"design.parameters.{name}", f" ({kind})")
        bounds = v.get(spec, f"design.parameters.{name}.bounds", list, default=None)
        if not (bounds and len(bounds) == 2 and all(isinstance(b, int | float) for b in bounds)):
            v.fail(f"design.parameters.{name}.bounds", bounds, "[low, high] numbers")
        if not bounds[0] < bounds[1]:
            v.fail(f"design.parameters.{name}.bounds", bounds, "low < high")
        tp = v.param_type(f"design.parameters.{name}", name)
        if tp not in (int, float):
            v.fail(f"design.parameters.{name}", name, "a numeric parameter for a sampled design")
        for b in bounds:
            v.check_point(checkers, f"design.parameters.{name}.bounds", {name: tp(b)})
        lows.append(bounds[0])
        highs.append(bounds[1])
        integer.append(tp is int)
    d = len(names)
    from scipy.stats import qmc  # on first use: slow to import, and `cogov run` needs none

    if kind == "lhs":
        unit = qmc.LatinHypercube(d=d, rng=np.random.default_rng(0)).random(samples)
        rows = [(_scale_row(u, lows, highs, integer, names), "", -1) for u in unit]
        return rows, names, samples
    ab = qmc.Sobol(d=2 * d, scramble=True, rng=np.random.default_rng(0)).random(samples)
    a, b = ab[:, :d], ab[:, d:]
    rows = [(_scale_row(a[j], lows, highs, integer, names), "A", j) for j in range(samples)]
    rows += [(_scale_row(b[j], lows, highs, integer, names), "B", j) for j in range(samples)]
    for i in range(d):
        mixed = a.copy()
        mixed[:, i] = b[:, i]
        rows += [
            (_scale_row(mixed[j], lows, highs, integer, names), f"AB{i}", j) for j in range(samples)
        ]
    return rows, names, samples


def _scale_row(u: np.ndarray, lows: list, highs: list, integer: list, names: tuple) -> dict:
    out = {}
    for x, lo, hi, is_int, name in zip(u.tolist(), lows, highs, integer, names, strict=True):
        value = lo + x * (hi - lo)
        out[name] = int(min(hi, max(lo, round(value)))) if is_int else float(value)
    return out


class _Validator:
    """Checks values and raises ExperimentError with source, key, found and allowed.

    Numbers are range-checked by :func:`cogov.sim.ranges.out_of_range`, the loader's check;
    parameter values by building the scenario (the loader's own validation). It is not
    folded into the loader's ``_convert``, which walks the ``Scenario`` dataclasses' type
    hints: an experiment's shape depends on ``design.kind`` (values, bounds, or points of any
    dotted keys) and no dataclass describes it; what the two would share is shared.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, found: Any, allowed: str) -> typing.NoReturn:
        shown = repr(found) if len(repr(found)) <= 200 else repr(found)[:197] + "..."
        raise ExperimentError(
            f"{self.source}: key {key!r}: found {shown} ({type(found).__name__}); "
            f"allowed: {allowed}"
        )

    def only(self, table: dict, allowed: set[str], where: str, note: str = "") -> None:
        for key in table:
            if key not in allowed:
                listed = ", ".join(sorted(allowed))
                self.fail(f"{where}.{key}", key, f"keys of {where}{note}: {listed}")

    def table(self, data: dict, key: str, required: bool, where: str = "") -> dict:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where or key, None, "a table (required)")
            return {}
        if not isinstance(value, dict):
            self.fail(where or key, value, "a table")
        return value

    def get(self, table: dict, key: str, tp: type, default: Any, lo: Any = None, hi: Any = None):
        name = key.rsplit(".", 1)[-1]
        if name not in table:
            return default
        value = table[name]
        ok = isinstance(value, int | float) if tp is float else isinstance(value, tp)
        if isinstance(value, bool) and tp is not bool:
            ok = False
        if not ok:
            self.fail(key, value, {int: "an integer", float: "a number"}.get(tp, tp.__name__))
        if tp in (int, float):
            allowed = out_of_range(value, {"min": lo, "max": hi})
            if allowed:
                self.fail(key, value, allowed)
        return tp(value) if tp is float else value

    def param_type(self, key: str, name: str) -> type:
        if not isinstance(name, str) or name.split(".", 1)[0] in _RESERVED:
            self.fail(
                key,
                name,
                "a scenario parameter other than " + ", ".join(_RESERVED) + " (the experiment "
                "sets days and seeds; experiment.days and experiment.root_seed)",
            )
        try:
            return override_type(name)
        except ScenarioError as exc:
            self.fail(key, name, f"a scenario parameter as a dotted key ({exc})")

    def check_point(self, checkers: list, key: str, point: dict[str, Any]) -> None:
        """Build every scenario of the experiment with ``point``; fail with the loader's word."""
        for check in checkers:
            try:
                check(point)
            except ScenarioError as exc:
                self.fail(key, point, f"a valid set of parameter values ({exc})")
