"""The wire between a Python judge and its candidate, and the candidate's side of it (stdlib only).

Run as ``python3 wire.py FD SOLUTION`` it is the *candidate server*: in a sandbox of its own (no tests,
no judge, no nonce in it) it imports ``SOLUTION`` as module ``solution``, reports what it defines, then
answers requests that arrive on the Unix socket ``FD`` — call a function, get an attribute, iterate —
with the result as plain data. Imported (by ``python_runner.py``, the judge) it provides the codec.

Every message is a 4-byte length and a JSON document (read and written with json's own C parser and printer). Values are tagged so that JSON's few types carry
Python's: ``None``/``bool``/``float``/``str`` as themselves, ``{"i": hex}`` an int (hex: no size limit on
conversion), ``{"l"|"t"|"s"|"f": [...]}`` a list, tuple, set or frozenset, ``{"d": [[k, v], ...]}`` a dict,
``{"b": hex}`` bytes, ``{"c": [re, im]}`` a complex, ``{"q": [hex, hex]}`` a Fraction, ``{"D": text}`` a
Decimal, ``{"n": name}`` a name the candidate module defines, ``{"h": id}`` an object that
stays in the candidate process (a handle). The judge decodes strictly: what arrives is only ever
these plain types or a handle whose equality is the judge's own (identity) — never an object of the
candidate's, so ``__eq__`` tricks, subclasses of ``str``/``int`` and the like cannot reach a comparison.
"""

import io
import os
import sys

import _json  # the C half of the json module: same parser and printer, without importing re (~30 ms a start)
# Bound here, before the candidate runs, so that patching the builtins module cannot change how its
# answers are described or encoded (it would only hurt the candidate, but its reward should be its own).
from builtins import (bool, bytes, callable, complex, dict, float, frozenset, getattr, hex, id, int,  # noqa: A004
                      isinstance, issubclass, iter, len, list, next, repr, set, setattr, str, tuple, type, vars)

MAX_MESSAGE = 64 << 20
MAX_DEPTH = 200


class WireError(Exception):
    """A message that is not a well-formed value (or a broken connection)."""


class _Context:
    """What json.JSONDecoder gives its C scanner: strict strings, NaN and Infinity allowed."""

    strict = True
    object_hook = object_pairs_hook = None
    parse_float, parse_int = float, int

    @staticmethod
    def parse_constant(name):
        return {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}[name]


def _refuse(obj):
    raise TypeError("a %s is not JSON" % type(obj).__name__)


_scan = _json.make_scanner(_Context())


def dumps(value):
    """JSON text of ``value`` (json.dumps with compact separators; a fresh printer, as json.dumps makes,
    so that the circular-reference markers of a failed call never linger)."""
    printer = _json.make_encoder({}, _refuse, _json.encode_basestring_ascii, None, ":", ",", False, False, True)
    return "".join(printer(value, 0))


def loads(text):
    """The value of the JSON document ``text``; ValueError when it is not exactly one."""
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("not a JSON document") from None
    if end != len(text):
        raise ValueError("extra data after the JSON document")
    return value


def send(fd, message):
    data = dumps(message).encode("utf-8", "surrogatepass")
    if len(data) > MAX_MESSAGE:
        raise WireError("message of %d bytes exceeds %d" % (len(data), MAX_MESSAGE))
    view = memoryview(len(data).to_bytes(4, "big") + data)
    while view:
        view = view[os.write(fd, view):]


def _exactly(fd, size):
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(fd):
    size = int.from_bytes(_exactly(fd, 4), "big")
    if size > MAX_MESSAGE:
        raise WireError("message of %d bytes exceeds %d" % (size, MAX_MESSAGE))
    try:
        return loads(_exactly(fd, size).decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as exc:
        raise WireError("unreadable message: %s" % type(exc).__name__) from None


def encode(value, reference=None, depth=0):
    """``value`` as tagged JSON. ``reference(obj)``: the tag for any other object ({"h": id} on the
    candidate's side, {"h"/"n": ...} for the judge's proxies), or None: WireError."""
    if depth > MAX_DEPTH:
        raise WireError("value nested deeper than %d" % MAX_DEPTH)
    kind = type(value)
    if value is None or kind is bool or kind is float or kind is str:
        return value
    if kind is int:
        return {"i": hex(value)}
    if kind in (list, tuple, set, frozenset):
        tag = {list: "l", tuple: "t", set: "s", frozenset: "f"}[kind]
        return {tag: [encode(item, reference, depth + 1) for item in value]}
    if kind is dict:
        return {"d": [[encode(k, reference, depth + 1), encode(v, reference, depth + 1)] for k, v in value.items()]}
    if kind is bytes:
        return {"b": value.hex()}
    if kind is complex:
        return {"c": [value.real, value.imag]}
    exact = (kind.__module__, kind.__qualname__)     # value types of the standard library, exact types only
    if exact == ("fractions", "Fraction"):
        return {"q": [hex(value.numerator), hex(value.denominator)]}
    if exact in (("decimal", "Decimal"), ("_decimal", "Decimal"), ("_pydecimal", "Decimal")):
        return {"D": str(value)}
    if reference is not None:
        tag = reference(value)
        if tag is not None:
            return tag
    raise WireError("a %s is not plain data" % kind.__name__)


def decode(data, resolve, depth=0):
    """The value of tagged JSON ``data``; ``resolve(tag, payload)`` turns ``h``/``n`` tags into objects."""
    if depth > MAX_DEPTH:
        raise WireError("value nested deeper than %d" % MAX_DEPTH)
    kind = type(data)
    if data is None or kind is bool or kind is float or kind is str:
        return data
    if kind is not dict or len(data) != 1:
        raise WireError("malformed value (%s)" % kind.__name__)
    ((tag, payload),) = data.items()
    if tag == "i" and type(payload) is str:
        return int(payload, 16)
    if tag == "b" and type(payload) is str:
        return bytes.fromhex(payload)
    if tag in ("l", "t", "s", "f") and type(payload) is list:
        items = [decode(item, resolve, depth + 1) for item in payload]
        return {"l": list, "t": tuple, "s": set, "f": frozenset}[tag](items)
    if tag == "d" and type(payload) is list:
        pairs = []
        for pair in payload:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("malformed dict item")
            pairs.append((decode(pair[0], resolve, depth + 1), decode(pair[1], resolve, depth + 1)))
        return dict(pairs)
    if tag in ("h", "n") and type(payload) in (int, str):
        return resolve(tag, payload)
    if tag in ("c", "q") and type(payload) is list and len(payload) == 2:
        if tag == "c" and all(type(part) is float for part in payload):
            return complex(payload[0], payload[1])
        if tag == "q" and all(type(part) is str for part in payload):
            from fractions import Fraction
            return Fraction(int(payload[0], 16), int(payload[1], 16))
    if tag == "D" and type(payload) is str:
        from decimal import Decimal
        return Decimal(payload)
    raise WireError("unknown tag %r" % (tag,))


# ---------------------------------------------------------------------------------- the candidate server

def _plain(value):
    """Built-in data of a subclass (a namedtuple, an IntEnum, a str subclass) as the base type, read
    through the base class's own slots, so an overridden ``__iter__``/``__str__`` changes nothing."""
    for base, convert in ((bool, None), (int, int.__int__), (float, float.__float__), (str, str.__str__),
                          (bytes, bytes.__bytes__), (tuple, lambda v: tuple(tuple.__iter__(v))),
                          (list, lambda v: list(list.__iter__(v))), (dict, lambda v: dict(dict.items(v))),
                          (frozenset, lambda v: frozenset(frozenset.__iter__(v))),
                          (set, lambda v: set(set.__iter__(v)))):
        if isinstance(value, base) and convert is not None:
            return convert(value)
    return value


def _setitem(target, key, value):
    target[key] = value


_OPS = {"call": lambda target, *args, **kwargs: target(*args, **kwargs), "getattr": getattr,
        "setattr": setattr, "iter": iter, "next": next, "len": len, "getitem": lambda target, key: target[key],
        "setitem": _setitem, "contains": lambda target, item: item in target, "bool": bool, "str": str,
        "repr": repr, "isinstance": isinstance}


class _Server:
    def __init__(self, fd, module):
        self.fd, self.module, self.objects = fd, module, {}

    def reference(self, obj):
        plain = _plain(obj)
        if plain is not obj:
            return encode(plain, self.reference)
        self.objects[id(obj)] = obj      # kept alive for later requests on it
        return {"h": id(obj)}

    def resolve(self, tag, payload):
        if tag == "h":
            return self.objects[payload]
        return getattr(self.module, payload)

    def answer(self, request):
        args = [decode(a, self.resolve) for a in request["args"]]
        kwargs = {k: decode(v, self.resolve) for k, v in request.get("kwargs", {}).items()}
        target = decode(request["target"], self.resolve)
        value = _OPS[request["op"]](target, *args, **kwargs)
        reply = {"ok": encode(value, self.reference)}
        if request["op"] == "call":      # in-place changes to list/dict/set arguments go back too
            reply["after"] = [encode(a, self.reference) if type(a) in (list, dict, set) else None for a in args]
        return reply

    def loop(self):
        while True:
            try:
                request = receive(self.fd)
            except (EOFError, OSError):
                return
            out, err = io.StringIO(), io.StringIO()
            sys.stdout, sys.stderr = out, err
            try:
                reply = self.answer(request)
            except BaseException as exc:  # noqa: BLE001 - SystemExit too: the judge decides what it means
                reply = {"raise": {"mro": [c.__name__ for c in type(exc).__mro__], "msg": _message(exc)}}
            finally:
                sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            reply["out"], reply["err"] = out.getvalue()[-65536:], err.getvalue()[-65536:]
            try:
                send(self.fd, reply)
            except (WireError, ValueError, TypeError) as exc:
                send(self.fd, {"raise": {"mro": ["TypeError"], "msg": "unsendable result: %s" % exc}})


def _message(exc):
    try:
        text = "%s: %s" % (type(exc).__name__, exc)
    except BaseException:  # noqa: BLE001 - a __str__ that raises
        text = type(exc).__name__
    return text[:600]


def describe(module):
    """What the candidate module defines, for the judge: callables, exception classes and data."""
    names = {}
    for name, value in list(vars(module).items()):
        if name.startswith("__") or isinstance(value, type(sys)):
            continue
        if isinstance(value, type) and issubclass(value, BaseException):
            names[name] = {"kind": "exception", "mro": [c.__name__ for c in value.__mro__]}
        elif callable(value):
            names[name] = {"kind": "callable"}
        else:
            try:
                names[name] = {"kind": "data", "value": encode(_plain(value))}
            except (WireError, ValueError, RecursionError):
                names[name] = {"kind": "callable" if callable(value) else "object"}
    return names


def serve(fd, path):
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        code = compile(source, "solution.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None)
        send(fd, {"phase": "syntax", "error": _message(exc) + (" (line %s)" % line if line else "")})
        return
    module = type(sys)("solution")
    module.__file__ = path
    sys.modules["solution"] = module
    try:
        exec(code, vars(module))
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        send(fd, {"phase": "import", "error": _message(exc)})
        return
    send(fd, {"phase": "ready", "names": describe(module)})
    _Server(fd, module).loop()


if __name__ == "__main__":
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)    # a big answer is the candidate's own CPU time
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[2])))
    serve(int(sys.argv[1]), sys.argv[2])
    sys.stdout.flush()
    os._exit(0)
