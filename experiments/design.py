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
    outcomes = ["on_time_rate"]      # optional: summary outcomes to keep (default: all)

    [design]
    kind = "grid"                    # "scenarios", "grid", "points", "lhs", "sobol" or "explore"
    samples = 64                     # lhs, sobol and explore only (sobol: a power of two)
    [design.parameters."volunteers.count"]
    values = [500, 1000, 2000]       # grid
    # bounds = [500, 2000]           # lhs and sobol
    # points = [{ "volunteers.count" = 500 }, ...]  # under [design] for kind = "points"

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
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import qmc

from cogov.sim.errors import ExperimentError, ScenarioError
from cogov.sim.loader import load_scenario, override_type, resolve

__all__ = ["EXPERIMENT_DIR", "Experiment", "RunSpec", "builtin_experiments", "load_experiment"]

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
    "outcomes",
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
    path: Path
    text_sha256: str
    kind: str
    scenarios: tuple[str, ...]
    reference: str
    replicates: int
    days: int
    root_seed: int
    parameters: tuple[str, ...]
    outcomes: tuple[str, ...]
    runs: tuple[RunSpec, ...]
    samples: int = 0


def builtin_experiments() -> dict[str, Path]:
    """Experiment files shipped in ``experiments/``, by name."""
    return {p.stem: p for p in sorted(EXPERIMENT_DIR.glob("*.toml"))}


def replicate_seeds(root_seed: int, replicates: int) -> list[int]:
    """Seeds of replicates 0..n-1, spawned from the root (each fits in 63 bits)."""
    children = np.random.SeedSequence(root_seed).spawn(replicates)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


def load_experiment(name_or_path: str | Path) -> Experiment:
    """Read and validate an experiment file and expand its runs.

    Raises:
        ExperimentError: naming the file, the key, what was found and what is allowed.
    """
    path = resolve(name_or_path, builtin_experiments(), "experiment", ExperimentError)
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExperimentError(f"{path}: not valid TOML: {exc}") from None
    v = _Validator(path)
    v.only(data, {"experiment", "design"}, "(top level)")
    exp = v.table(data, "experiment", required=True)
    v.only(exp, _EXPERIMENT_KEYS, "experiment")
    name = v.get(exp, "experiment.name", str, default=path.stem)
    scenarios = v.get(exp, "experiment.scenarios", list, default=["xinhua_2013"])
    if not scenarios or not all(isinstance(s, str) for s in scenarios):
        v.fail("experiment.scenarios", scenarios, "a non-empty array of scenario names")
    for s in scenarios:
        try:
            resolve(s)
        except ScenarioError as exc:
            v.fail("experiment.scenarios", s, f"a built-in scenario or a file ({exc})")
    reference = v.get(exp, "experiment.reference", str, default=scenarios[0])
    if reference not in scenarios:
        v.fail("experiment.reference", reference, "one of experiment.scenarios")
    replicates = v.get(exp, "experiment.replicates", int, default=10, lo=1, hi=100_000)
    days = v.get(exp, "experiment.days", int, default=365, lo=1, hi=365_000)
    root_seed = v.get(exp, "experiment.root_seed", int, default=0, lo=0, hi=2**63 - 1)
    scale = v.get(exp, "experiment.scale", float, default=None, lo=0.001, hi=100.0)
    outcomes = tuple(v.get(exp, "experiment.outcomes", list, default=[]))
    design = v.table(data, "design", required=False)
    v.only(design, {"kind", "samples", "parameters", "points"}, "design")
    kind = v.get(design, "design.kind", str, default="scenarios")
    if kind not in _KINDS:
        v.fail("design.kind", kind, "one of " + ", ".join(repr(k) for k in _KINDS))
    points, params, samples = _points(v, design, kind, scenarios[0])
    base = {"population.scale": scale} if scale is not None else {}
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
        text_sha256=hashlib.sha256(raw).hexdigest(),
        kind=kind,
        scenarios=tuple(scenarios),
        reference=reference,
        replicates=replicates,
        days=days,
        root_seed=root_seed,
        parameters=params,
        outcomes=outcomes,
        runs=tuple(runs),
        samples=samples,
    )


def _points(
    v: _Validator, design: dict, kind: str, scenario: str
) -> tuple[list[tuple[dict, str, int]], tuple[str, ...], int]:
    """Design points as (overrides, sobol matrix, sobol row)."""
    if kind == "scenarios":
        v.only(design, {"kind"}, "design (kind = 'scenarios')")
        return [({}, "", -1)], (), 0
    if kind == "points":
        pts = v.get(design, "design.points", list, default=None)
        if not pts or not all(isinstance(p, dict) for p in pts):
            v.fail("design.points", pts, "a non-empty array of tables of parameter values")
        names = tuple(sorted({k for p in pts for k in p}))
        for i, p in enumerate(pts):
            for k in p:
                v.param_type(f"design.points[{i}].{k}", k)
            v.check_point(scenario, f"design.points[{i}]", p)
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
        axes = []
        for name in names:
            spec = v.table(params, name, required=True, where=f"design.parameters.{name}")
            v.only(spec, {"values"}, f"design.parameters.{name} (grid)")
            values = v.get(spec, f"design.parameters.{name}.values", list, default=None)
            if not values:
                v.fail(f"design.parameters.{name}.values", values, "a non-empty array")
            for val in values:
                v.check_value(scenario, f"design.parameters.{name}.values", name, val)
            axes.append(values)
        combos = [dict(zip(names, c, strict=True)) for c in itertools.product(*axes)]
        for combo in combos:  # combinations must be consistent too (e.g. siloed with edf)
            v.check_point(scenario, "design.parameters", combo)
        return [(c, "", -1) for c in combos], names, 0
    samples = v.get(design, "design.samples", int, default=None, lo=2, hi=1_000_000)
    if samples is None:
        v.fail("design.samples", None, "a whole number of samples (required for lhs/sobol/explore)")
    if kind == "sobol" and samples & (samples - 1):
        v.fail("design.samples", samples, "a power of two for a sobol design")
    lows, highs, integer = [], [], []
    for name in names:
        spec = v.table(params, name, required=True, where=f"design.parameters.{name}")
        v.only(spec, {"bounds"}, f"design.parameters.{name} ({kind})")
        bounds = v.get(spec, f"design.parameters.{name}.bounds", list, default=None)
        if not (bounds and len(bounds) == 2 and all(isinstance(b, int | float) for b in bounds)):
            v.fail(f"design.parameters.{name}.bounds", bounds, "[low, high] numbers")
        if not bounds[0] < bounds[1]:
            v.fail(f"design.parameters.{name}.bounds", bounds, "low < high")
        tp = v.param_type(f"design.parameters.{name}", name)
        if tp not in (int, float):
            v.fail(f"design.parameters.{name}", name, "a numeric parameter for a sampled design")
        for b in bounds:
            v.check_value(scenario, f"design.parameters.{name}.bounds", name, tp(b))
        lows.append(bounds[0])
        highs.append(bounds[1])
        integer.append(tp is int)
    d = len(names)
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
    """Checks values and raises ExperimentError with file, key, found and allowed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, found: Any, allowed: str) -> None:
        raise ExperimentError(
            f"{self.path}: key {key!r}: found {found!r} ({type(found).__name__}); "
            f"allowed: {allowed}"
        )

    def only(self, table: dict, allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.fail(f"{where}.{key}", key, f"keys of {where}: {', '.join(sorted(allowed))}")

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
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.fail(key, value, f"from {lo} to {hi}")
        return tp(value) if tp is float else value

    def param_type(self, key: str, name: str) -> type:
        try:
            return override_type(name)
        except ScenarioError as exc:
            self.fail(key, name, f"a scenario parameter as a dotted key ({exc})")
            raise AssertionError from exc  # unreachable: fail raises

    def check_point(self, scenario: str, key: str, point: dict[str, Any]) -> None:
        try:
            load_scenario(scenario, point)
        except ScenarioError as exc:
            self.fail(key, point, f"a consistent set of parameter values ({exc})")

    def check_value(self, scenario: str, key: str, name: str, value: Any) -> None:
        self.param_type(key, name)
        try:
            load_scenario(scenario, {name: value})
        except ScenarioError as exc:
            self.fail(key, value, f"a valid value of {name} ({exc})")
