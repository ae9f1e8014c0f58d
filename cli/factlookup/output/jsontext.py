"""JSON text as `json.dumps(value, ensure_ascii=False, indent=...)` writes it, byte for byte.

With an indent, `json` encodes in Python, a generator per list and object; an answer of a
few hundred values costs it a millisecond or more, and importing `json` (its decoder too)
costs as much again. The answers hold only strings, numbers, booleans, None, lists, tuples
and string-keyed dicts: those are written here with `json`'s own C string quoting; anything
else goes to `json.dumps` itself.
"""

from __future__ import annotations

from typing import Any

try:
    from _json import encode_basestring as _quote  # what json.dumps(ensure_ascii=False) quotes with
except ImportError:  # an interpreter without the C accelerator
    from json.encoder import py_encode_basestring as _quote

_INFINITY = float("inf")


class _Other(Exception):
    """A value this writer does not write: `json.dumps` writes the whole document."""


def dumps(value: Any, indent: int | None = None) -> str:
    out: list[str] = []
    try:
        if indent is None:
            _flat(value, out)
        else:
            _indented(value, out, "\n", " " * indent)
    except _Other:
        import json

        return json.dumps(value, ensure_ascii=False, indent=indent)
    return "".join(out)


def _scalar(value: Any) -> str:
    # The order of json.encoder's tests: bool before int, since True is an int.
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value == _INFINITY:
            return "Infinity"
        if value == -_INFINITY:
            return "-Infinity"
        return float.__repr__(value)
    raise _Other


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _quote(key)
    if isinstance(key, (int, float)) or key is None:
        return _quote(_scalar(key))  # json writes such keys as strings of their JSON text
    raise _Other


def _true(_value: bool) -> str:
    return "true" if _value else "false"


def _null(_value: None) -> str:
    return "null"


# Most values are of these exact types: one look-up instead of json's chain of tests.
_WRITERS = {str: _quote, int: int.__repr__, bool: _true, type(None): _null}


def _indented(value: Any, out: list[str], newline: str, step: str) -> None:
    if isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        between = "," + inner
        head = "[" + inner
        for item in value:
            write = _WRITERS.get(type(item))
            if write is not None:
                out.append(head + write(item))
            else:
                out.append(head)
                _indented(item, out, inner, step)
            head = between
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        between = "," + inner
        head = "{" + inner
        for key, item in value.items():
            name = _quote(key) if type(key) is str else _key(key)
            write = _WRITERS.get(type(item))
            if write is not None:
                out.append(head + name + ": " + write(item))
            else:
                out.append(head + name + ": ")
                _indented(item, out, inner, step)
            head = between
        out.append(newline + "}")
    else:
        out.append(_scalar(value))


def _flat(value: Any, out: list[str]) -> None:
    if isinstance(value, (list, tuple)):
        out.append("[")
        first = True
        for item in value:
            if not first:
                out.append(", ")
            first = False
            _flat(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            out.append(("" if first else ", ") + _key(key) + ": ")
            first = False
            _flat(item, out)
        out.append("}")
    else:
        out.append(_scalar(value))
