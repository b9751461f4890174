"""The API's JSON parser: DRF's, with a bound on nesting.

Python's json module recurses once per level: a body nested thousands deep raises
RecursionError, which DRF's parser does not catch (an error page, 500). No request of this API
nests more than a few levels; past MAX_DEPTH the answer is 400 with a `detail`, as for any
malformed body.

A body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE is refused before it is parsed (Django raises
RequestDataTooBig when DRF reads `request.body`); referral_service.api.exception_handler answers
it 413 with a `detail` (BodyTooLarge; decision 0029), not Django's 400 page."""

from __future__ import annotations

import io

from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
# Everything but the brackets and the quotes, deleted (C speed) before walking what is left.
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'[]{}"')
_QUOTE, _OPEN = ord('"'), frozenset(b"[{")


def too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Do the body's arrays and objects nest deeper than `limit`? Brackets inside strings do
    not count. Escaped backslashes and quotes go first, then everything but brackets and
    quotes, so only the body's structure is walked (under a millisecond for the feed's largest
    batch), with no recursion."""
    structure = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    depth, in_string = 0, False
    for byte in structure:
        if byte == _QUOTE:
            in_string = not in_string
        elif in_string:
            continue
        elif byte in _OPEN:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        if too_deep(raw):
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
