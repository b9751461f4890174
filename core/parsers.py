"""The API's JSON parser: DRF's, with a bound on nesting.

Python's json module recurses once per level: a body nested thousands deep raises
RecursionError, which DRF's parser does not catch (an error page, 500). No request of this API
nests more than a few levels; past MAX_DEPTH the answer is 400 with a `detail`, as for any
malformed body."""

from __future__ import annotations

import io

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
_OPEN, _CLOSE, _QUOTE, _BACKSLASH = frozenset(b"[{"), frozenset(b"]}"), ord('"'), ord("\\")


def too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Do the body's arrays and objects nest deeper than `limit`? One pass, no recursion;
    brackets inside strings do not count."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == _BACKSLASH:
                escaped = True
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPEN:
            depth += 1
            if depth > limit:
                return True
        elif byte in _CLOSE:
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        if too_deep(raw):
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
