"""Decoding bytes into Unicode text, with the encoding detected and recorded."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from doingoai.errors import DecodeError

__all__ = ["Decoded", "decode_bytes"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes: ``detected`` is the encoding read, ``converted_from``
    the legacy encoding or mojibake repaired (None when the text was clean)."""

    text: str
    detected: str
    converted_from: str | None = None
    confidence: float = 1.0


def decode_bytes(data: bytes, *, declared: str | None = None, source: str | None = None) -> Decoded:
    """Decode ``data``: BOM, then strict UTF-8, then a declared or meta charset."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError("binary data, not text", source=source)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [declared] if declared else []
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for name in [*candidates, "cp1258"]:
        try:
            return Decoded(data.decode(name), codecs.lookup(name).name, confidence=0.6)
        except (LookupError, UnicodeDecodeError):
            continue
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", confidence=0.3)
