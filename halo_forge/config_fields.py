"""The machinery of typed config sections: :func:`opt` declares a field (its default, help text and range),
:func:`read_yaml` reads a file, :func:`build_section` fills one section from a mapping, converting each value
with :func:`coerce` and checking its range, and collects every problem with the key it names.

The sections themselves and the loader that fills a whole config are in :mod:`halo_forge.config`, the
import point for all of it.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import types
import typing
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from halo_forge.errors import ConfigError


def opt(default: Any = dataclasses.MISSING, help: str = "", *, flags: tuple[str, ...] = (),
        min: float | None = None, max: float | None = None, min_exclusive: bool = False,
        choices: tuple[Any, ...] | None = None, factory: Any = dataclasses.MISSING) -> Any:
    """A config field: its default, a help text for docs and ``--help``, and its valid range.

    ``flags`` are extra CLI spellings (the field ``num_cycles`` is always ``--num-cycles``;
    ``flags=("--cycles",)`` adds a short alias). ``min``/``max`` bound numbers, ``choices`` bound anything.
    """
    meta = {"help": help, "flags": flags, "min": min, "max": max, "min_exclusive": min_exclusive,
            "choices": choices}
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads ``2e-4`` as a string; this loader reads it as the number everyone means."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"),
    list("-+0123456789."))


_NUMBER = re.compile(r"^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$")


def read_yaml(path: str | Path) -> dict:
    """Read a YAML mapping; a missing file, a parse error or a non-mapping is a one-line ConfigError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read config: {exc.strerror or exc}"]) from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([f"{where}: invalid YAML: {reason}"]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError([f"{path}: expected a mapping of sections, got {type(data).__name__}"])
    return data


def describe_value(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def coerce(value: Any, tp: Any) -> Any:
    """Convert ``value`` to type ``tp`` or raise ValueError with a reason a person can read.

    Strings from the command line become numbers, booleans and comma-separated lists.

    >>> coerce("2e-4", float), coerce("1,5,10", list[int]), coerce("yes", bool)
    (0.0002, [1, 5, 10], True)
    """
    tp, optional = _unwrap_optional(tp)
    if value is None or (optional and isinstance(value, str) and value.lower() in ("none", "null")):
        if optional:
            return None
        raise ValueError("expected a value, got null")
    origin = typing.get_origin(tp)
    if tp is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "yes", "on", "1", "false", "no", "off", "0"):
            return value.lower() in ("true", "yes", "on", "1")
        raise ValueError(f"expected true or false, got {describe_value(value)}")
    if tp is int:
        if isinstance(value, bool):
            raise ValueError(f"expected an integer, got {value}")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _NUMBER.match(value.strip()):
            number = float(value)
            if number.is_integer():
                return int(number)
        raise ValueError(f"expected an integer, got {describe_value(value)}")
    if tp is float:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value}")
        if isinstance(value, (int, float)) and math.isfinite(value):
            return float(value)
        if isinstance(value, str) and _NUMBER.match(value.strip()):
            return float(value)
        raise ValueError(f"expected a number, got {describe_value(value)}")
    if tp is str:
        if isinstance(value, str):
            return value
        raise ValueError(f"expected a string, got {describe_value(value)}")
    if origin is list or tp is list:
        (item_tp,) = typing.get_args(tp) or (Any,)
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {describe_value(value)}")
        return [item if item_tp is Any else coerce(item, item_tp) for item in value]
    if origin is dict or tp is dict:
        if isinstance(value, dict):
            return dict(value)
        raise ValueError(f"expected a mapping, got {describe_value(value)}")
    return value


def _check_range(value: Any, meta: dict) -> str | None:
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        shown = ", ".join("null" if c is None else str(c) for c in choices)
        return f"expected one of {shown}, got {describe_value(value)}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        lo, hi = meta.get("min"), meta.get("max")
        if lo is not None and (value < lo or (meta.get("min_exclusive") and value == lo)):
            return (f"expected a number {'>' if meta.get('min_exclusive') else '>='} {lo}, got {value}"
                    if hi is None else
                    f"expected a number in {'(' if meta.get('min_exclusive') else '['}{lo}, {hi}], got {value}")
        if hi is not None and value > hi:
            return (f"expected a number in {'(' if meta.get('min_exclusive') else '['}"
                    f"{lo if lo is not None else '-inf'}, {hi}], got {value}")
    return None


def did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else f"; known keys: {', '.join(sorted(known))}"


def build_section(cls: type, data: dict, where: str, prefix: str, problems: list[str],
                  base: Any = None) -> Any:
    """Fill dataclass ``cls`` from ``data`` on top of ``base`` (or the defaults), appending problems."""
    obj = base if base is not None else cls()
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    extra_into = getattr(cls, "EXTRA_KEYS_INTO", None)
    for key, value in data.items():
        name = str(key)
        if name not in fields or (extra_into and name == extra_into):
            if extra_into:
                getattr(obj, extra_into)[name] = value
                continue
            problems.append(f"{where}{prefix}{name}: unknown key{did_you_mean(name, list(fields))}")
            continue
        try:
            converted = coerce(value, hints[name])
        except ValueError as exc:
            problems.append(f"{where}{prefix}{name}: {exc}")
            continue
        reason = _check_range(converted, dict(fields[name].metadata))
        if reason is None and isinstance(converted, list):
            reason = next((r for item in converted
                           if (r := _check_range(item, dict(fields[name].metadata))) is not None), None)
        if reason is not None:
            problems.append(f"{where}{prefix}{name}: {reason}")
            continue
        setattr(obj, name, converted)
    return obj


def to_dict(cfg: Any) -> dict:
    """A plain dict of a config (for results files and cache keys)."""
    return dataclasses.asdict(cfg)
