"""The API's JSON parser: DRF's, refusing bodies nested deeper than any operation needs.

Python's json module recurses once per level: a body of 1,000 nested lists raises
RecursionError, which DRF's parser does not catch (a 500). No request of this API nests
deeper than a few levels, so anything past MAX_DEPTH is a 400 before it is even decoded.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 16
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_OPEN = frozenset(b"[{")


def nesting_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, brackets in strings ignored."""
    depth = deepest = 0
    for byte in _STRING.sub(b"", body).translate(None, _NOT_BRACKETS):
        depth += 1 if byte in _OPEN else -1
        deepest = max(deepest, depth)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        if nesting_depth(body) > MAX_DEPTH:
            raise ParseError(
                _("The JSON body is nested deeper than %(max)d levels.") % {"max": MAX_DEPTH}
            )
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as exc:  # the depth check makes this unreachable; never a 500
            raise ParseError(_("The JSON body is nested too deeply.")) from exc


class MultiPartParser(parsers.MultiPartParser):
    """DRF's, refusing a multipart body without a single field or file (a malformed body reads
    as empty, which a PATCH would take for "change nothing")."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if not parsed.data and not parsed.files:
            raise ParseError(_("The multipart body holds no field."))
        return parsed
