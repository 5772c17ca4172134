"""The one place that reads scenario files: TOML in, a validated frozen ``Scenario`` out.

A scenario file may name a ``base`` scenario; its tables are then merged over the base's
(tables merge key by key, everything else is replaced). Keyed collections — departments,
issue kinds, meetings, shocks — are TOML tables of tables, so a derived scenario can change
one department's staff with ``[departments.police] staff = 10``.

Nothing is evaluated: files are parsed by ``tomllib`` and checked against the dataclasses in
:mod:`cogov.sim.params`, whose field metadata gives each number's allowed range.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
import tomllib
import types
import typing
from collections.abc import Callable
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

from cogov.sim.errors import InputError, ScenarioError
from cogov.sim.params import Scenario
from cogov.sim.ranges import KEYED, out_of_range, param_field
from cogov.sim.validation import check_consistency

__all__ = [
    "MAX_BASE_DEPTH",
    "SAFE_NAME",
    "SCENARIO_DIR",
    "ScenarioError",
    "builtin_scenarios",
    "check_name",
    "load_scenario",
    "override_type",
    "read_toml",
    "resolve",
    "scenario_checker",
    "scenario_fingerprint",
]

#: the built-in scenario files: package data of ``cogov.scenarios`` (a real folder whether
#: cogov is installed from a wheel or in editable mode)
SCENARIO_DIR = Path(str(resources.files("cogov.scenarios")))
_KEYED = KEYED
#: names that become file or folder names (scenario and experiment names): letters, digits,
#: ``_``, ``.`` and ``-``, 1 to 100 of them, not only dots, so a name never leaves its folder
SAFE_NAME = re.compile(r"(?!\.+\Z)[A-Za-z0-9_.-]{1,100}\Z")
#: the longest chain of ``base`` files followed (a longer chain is refused, not a traceback)
MAX_BASE_DEPTH = 20
#: the deepest table nesting accepted in a TOML file (the scenario schema needs 4)
MAX_NESTING = 20


def check_name(name: object, where: str, error: type[InputError] = ScenarioError) -> str:
    """Return ``name`` if it is safe as a file name (:data:`SAFE_NAME`), else raise ``error``.

    Args:
        name: the name read from a file.
        where: the file and key, for the message.
        error: the error to raise.
    """
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        shown = repr(name) if len(repr(name)) <= 60 else repr(name)[:57] + "..."
        raise error(
            f"{where}: found {shown}; allowed: a name of 1-100 letters, digits, '_', '.' "
            "or '-' (it becomes a folder name), not only dots"
        )
    return name


def read_toml(path: Path, error: type[InputError] = ScenarioError) -> dict[str, Any]:
    """Parse a TOML file, turning every way it can be unreadable into one ``error`` line.

    Refused: unreadable files, bytes that are not UTF-8 (a binary file), invalid TOML, and
    tables nested deeper than :data:`MAX_NESTING` (which would exhaust Python's recursion).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: not a text file (byte {exc.start} is not UTF-8); allowed: a UTF-8 TOML file"
        ) from None
    if "\0" in text:
        raise error(f"{path}: not a text file (it holds NUL bytes); allowed: a UTF-8 TOML file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{path}: nested too deeply to read; allowed: {MAX_NESTING} levels") from None
    if _depth(data) > MAX_NESTING:
        raise error(
            f"{path}: found tables nested more than {MAX_NESTING} deep; "
            f"allowed: {MAX_NESTING} levels"
        )
    return data


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_NESTING:  # stop early: the answer is already "too deep"
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def builtin_scenarios() -> dict[str, Path]:
    """Return the built-in scenario files by name, sorted by name."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.toml"))}


def resolve(
    name_or_path: str | Path,
    known: dict[str, Path] | None = None,
    what: str = "scenario",
    error: type[InputError] = ScenarioError,
) -> Path:
    """Turn a built-in name or a file path into a path.

    Args:
        name_or_path: a built-in name or a path to a ``.toml`` file.
        known: the built-in files by name (default: the built-in scenarios).
        what: what the file is, for messages.
        error: the error to raise.

    Raises:
        InputError: (``error``) if it is neither.
    """
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise error(f"{path}: no such {what} file")
        return path
    known = builtin_scenarios() if known is None else known
    if str(name_or_path) in known:
        return known[str(name_or_path)]
    raise error(
        f"{what} {name_or_path!r}: not a file and not a built-in {what}; "
        f"built-in: {', '.join(known) or '(none)'}"
    )


def load_scenario(name_or_path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, merge and validate a scenario file.

    Args:
        name_or_path: a built-in scenario name (``xinhua_2013``) or a path to a TOML file.
        overrides: dotted keys set after reading (``{"population.scale": 0.1}``), checked
            like the file's own values.

    Returns:
        The frozen scenario.

    Raises:
        ScenarioError: naming the file, the key, what was found and what is allowed.
    """
    return scenario_checker(name_or_path)(overrides)


def scenario_checker(name_or_path: str | Path) -> Callable[[dict[str, Any] | None], Scenario]:
    """Read a scenario file once; return a function building it with some overrides.

    Experiment designs check thousands of points against one scenario: this reads and
    merges its files once, and each call only applies the overrides and validates.

    Raises:
        ScenarioError: if the file cannot be read (the returned function raises it for
            invalid values).
    """
    path = resolve(name_or_path)
    merged = _read_merged(path, seen=())

    def build(overrides: dict[str, Any] | None = None) -> Scenario:
        data = copy.deepcopy(merged)
        for dotted, value in (overrides or {}).items():
            _set_dotted(data, dotted, value, path)
        hint = "" if "name" in data else " (taken from the file name; set name = '...' in it)"
        data.setdefault("name", path.stem)
        check_name(data["name"], f"{path}: key 'name'{hint}")
        scenario = _build(Scenario, data, path, "")
        check_consistency(scenario, str(path))
        return scenario

    return build


def scenario_fingerprint(name_or_path: str | Path) -> str:
    """SHA-256 of a scenario's merged content (its base included), for result keys."""
    data = _read_merged(resolve(name_or_path), seen=())
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def override_type(dotted: str) -> type:
    """The Python type of the scenario parameter named by a dotted key.

    ``departments.police.staff`` names a field of one keyed entry.

    Raises:
        ScenarioError: if no parameter has that name.
    """
    return param_field(dotted)[1]


def _read_merged(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    if path.resolve() in seen:
        raise ScenarioError(f"{path}: key 'base': found a cycle of bases ({path.name})")
    if len(seen) >= MAX_BASE_DEPTH:
        raise ScenarioError(
            f"{seen[0]}: key 'base': found a chain of more than {MAX_BASE_DEPTH} base files; "
            f"allowed: at most {MAX_BASE_DEPTH}"
        )
    data = read_toml(path)
    base = data.pop("base", None)
    if base is None:
        return data
    allowed = "a built-in scenario name or a .toml path relative to this file"
    if not isinstance(base, str):
        raise ScenarioError(f"{path}: key 'base': found {base!r}; allowed: {allowed}")
    candidates = [path.parent / base, path.parent / f"{base}.toml", SCENARIO_DIR / f"{base}.toml"]
    base_path = next((c for c in candidates if c.is_file()), None)
    if base_path is None:
        known = ", ".join(builtin_scenarios())
        raise ScenarioError(f"{path}: key 'base': found {base!r}; allowed: {allowed} ({known})")
    merged = _read_merged(base_path, (*seen, path.resolve()))
    merged.pop("name", None)
    merged.pop("description", None)
    return _merge(merged, data)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _set_dotted(data: dict[str, Any], dotted: str, value: Any, path: Path) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ScenarioError(f"{path}: key {dotted!r}: {part!r} is not a table")
        node = child
    node[parts[-1]] = value


def _describe(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"


def _fail(path: Path, key: str, found: Any, allowed: str) -> typing.NoReturn:
    raise ScenarioError(f"{path}: key {key!r}: found {_describe(found)}; allowed: {allowed}")


def _build(cls: type, data: Any, path: Path, prefix: str) -> Any:
    """Build dataclass ``cls`` from a TOML table, checking every key."""
    where = prefix.rstrip(".") or "(top level)"
    if not isinstance(data, dict):
        _fail(path, where, data, "a table")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ScenarioError(
            f"{path}: key {prefix + unknown[0]!r}: unknown key; allowed in {where}: "
            f"{', '.join(sorted(f for f in fields if f != 'id'))}"
        )
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for name, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if name not in data:
            if required:
                _fail(path, prefix + name, None, "a value (this key is required)")
            continue
        kwargs[name] = _convert(hints[name], data[name], f.metadata, path, prefix + name)
    return cls(**kwargs)


def _convert(tp: Any, value: Any, meta: typing.Mapping, path: Path, key: str) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, path, key + ".")
    if origin is tuple:
        (item_tp, _) = typing.get_args(tp)
        if dataclasses.is_dataclass(item_tp) and key.rsplit(".", 1)[-1] in _KEYED:
            if not isinstance(value, dict):
                _fail(path, key, value, f"a table of tables, one per {key} entry, keyed by id")
            items = []
            for ident, body in value.items():
                if not isinstance(body, dict):
                    _fail(path, f"{key}.{ident}", body, "a table")
                if "id" in body:
                    _fail(
                        path, f"{key}.{ident}.id", body["id"], f"no 'id' key: {ident!r} is the id"
                    )
                items.append(_build(item_tp, {"id": ident, **body}, path, f"{key}.{ident}."))
            return tuple(items)
        if not isinstance(value, list):
            _fail(path, key, value, "an array")
        if "length" in meta and len(value) != meta["length"]:
            _fail(path, key, value, f"an array of exactly {meta['length']} numbers")
        return tuple(_convert(item_tp, v, meta, path, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            _fail(path, key, value, "a table")
        allowed = meta.get("keys")
        out = {}
        for k, v in value.items():
            if allowed and k not in allowed:
                _fail(path, f"{key}.{k}", k, f"one of {', '.join(allowed)}")
            out[k] = _convert(float, v, meta, path, f"{key}.{k}")
        return out
    if isinstance(tp, type) and issubclass(tp, Enum):
        choices = [m.value for m in tp]
        if value not in choices:
            _fail(path, key, value, "one of " + ", ".join(repr(c) for c in choices))
        return tp(value)
    if tp is bool:
        if not isinstance(value, bool):
            _fail(path, key, value, "true or false")
        return value
    if tp is str:
        if not isinstance(value, str):
            _fail(path, key, value, "a string")
        if "choices" in meta and value not in meta["choices"]:
            _fail(path, key, value, "one of " + ", ".join(repr(c) for c in meta["choices"]))
        return value
    if tp is int or tp is float:
        ok = isinstance(value, int) if tp is int else isinstance(value, int | float)
        if isinstance(value, bool) or not ok:
            _fail(path, key, value, "an integer" if tp is int else "a number")
        allowed = out_of_range(value, meta)
        if allowed:
            _fail(path, key, value, allowed)
        return tp(value)
    if isinstance(tp, types.UnionType):  # pragma: no cover - no unions in params today
        raise TypeError(f"unsupported parameter type {tp}")
    raise TypeError(f"unsupported parameter type {tp} for {key}")  # pragma: no cover
