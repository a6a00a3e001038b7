"""Decoding bytes into Unicode text, with the encoding detected and recorded.

Order of evidence for bytes: a byte-order mark; strict UTF-8 (then a check that
the UTF-8 does not carry mojibake or a legacy encoding shown as cp1252); for
anything else, every legacy Vietnamese encoding is tried and the one whose
result looks most like Vietnamese wins, scored by the share of words that are
valid Vietnamese syllables against the share of impossible characters. A
declared charset (HTTP header or ``<meta charset>``) is only a hint: pages
declaring the wrong one are common.

Encoding names used in results: ``utf-8``, ``utf-16``, ``utf-32``, ``tcvn3``,
``vni``, ``viscii``, ``cp1258``, ``viqr``, ``cp1252`` (Western text), any other
Python codec name a page declared, and for text that was already decoded the
wrong way: ``unicode`` (nothing to repair), ``mojibake`` / ``mojibake2`` (UTF-8
read as cp1252 once / twice).
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass

from doingoai.errors import DecodeError
from doingoai.text._legacy import (
    _CP1252,
    BYTE_ENCODINGS,
    LEGACY_ENCODINGS,
    cp1252_bytes,
    decode_legacy,
    encode_legacy,
    unmojibake,
)
from doingoai.text._syllable import is_vietnamese_syllable
from doingoai.text.normalize import _repair_marks

__all__ = [
    "LEGACY_ENCODINGS",
    "Decoded",
    "decode_bytes",
    "detect",
    "encode_legacy",
    "repair_text",
    "vietnamese_score",
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_SAMPLE = 32_000  # bytes / characters scored per candidate
_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1258": "cp1258",
    "cp1258": "cp1258",
    "tcvn": "tcvn3",
    "tcvn3": "tcvn3",
    "tcvn-3": "tcvn3",
    "tcvn5712": "tcvn3",
    "tcvn-5712": "tcvn3",
    "tcvn5712-1": "tcvn3",
    "abc": "tcvn3",
    "vni": "vni",
    "vni-win": "vni",
    "viscii": "viscii",
    "viqr": "viqr",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes: ``detected`` is the encoding read, ``converted_from``
    the legacy encoding or mojibake repaired (None when the text was clean UTF-8),
    ``confidence`` how sure the detection is (0–1)."""

    text: str
    detected: str
    converted_from: str | None = None
    confidence: float = 1.0


# --- how Vietnamese does a text look ----------------------------------------

_FINE_SYMBOLS = frozenset("“”‘’–—…«»•°·€©®™§¼½¾×÷±²³µ¶\u00a0\u2009\u202f")
_EDGE_PUNCT = "\"'()[]{}<>.,;:!?“”‘’«»–—…-*/\\|"
_INNER_SPLIT = re.compile(r"[^\w]+")


def _odd(char: str) -> bool:
    """A character no Vietnamese text has: controls, stray symbols (º » ‡ …)."""
    if char.isascii():
        return not char.isprintable() and char not in "\t\n\r\f"
    return not char.isalpha() and char not in _FINE_SYMBOLS


def vietnamese_score(text: str) -> float:
    """How much ``text`` looks like well-encoded Vietnamese, from -1 (mojibake, a
    legacy encoding shown raw) to 1 (every word a Vietnamese syllable with its
    marks). A syllable spelled in plain ASCII counts 0.5, other ASCII words 0,
    non-syllables with Western letters (café, Straße) -0.25, non-syllables with
    other letters (Cafộ, TiÕng) and stray symbols -1."""
    total = 0.0
    count = 0
    for token in text[:_SAMPLE].split():
        core = token.strip(_EDGE_PUNCT)
        if not core:
            continue
        if any(_odd(c) for c in core):
            total -= 1.0
            count += 1
            continue
        for part in _INNER_SPLIT.split(core):
            if not part or not part.isalpha():
                continue
            count += 1
            if is_vietnamese_syllable(part):
                total += 0.5 if part.isascii() else 1.0
            elif part.isascii():
                continue
            elif all(c < "\u0100" and c not in "ÕõÖöÊÔ" for c in part):
                total -= 0.25
            else:
                total -= 1.0
    return total / count if count else 0.0


def _softmax(scores: dict[str, float], sharpness: float = 8.0) -> list[tuple[str, float]]:
    top = max(scores.values())
    weights = {name: math.exp(sharpness * (s - top)) for name, s in scores.items()}
    total = sum(weights.values())
    ranked = sorted(((name, w / total) for name, w in weights.items()), key=lambda p: -p[1])
    return [(name, round(conf, 4)) for name, conf in ranked]


# --- strings decoded the wrong way --------------------------------------------

_VIQR_HINT = re.compile(
    r"[AaEeIiOoUuYy][\^(+]?['`?~.][a-z]|[AaEeOoUu][\^(+]|(?<![A-Za-z])(?:dd|DD)[a-z]"
)
_MOJIBAKE_HINT = re.compile(
    "[ÃÂÄÆáâäåèéêëìíîïðñòóôöùúûü][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _sparse_non_ascii(line: str) -> bool:
    """True when too few characters are non-ASCII for a legacy Vietnamese line
    shown as cp1252 (every other syllable of Vietnamese carries a mark, so such
    a line has many; German or French text has few), or too few to judge a
    line on. Counted from the UTF-8
    length, which grows by at least one byte per non-ASCII character."""
    extra = len(line.encode("utf-8", "surrogatepass")) - len(line)
    # fewer than one in 25 characters, or too few to judge ("× </button>")
    return extra < 2 or extra * 25 < len(line)


def _per_line(
    text: str, encoding: str, margin: float = 0.2, *, prefilter: bool = False
) -> str | None:
    """Read each line that shows as cp1252 characters as ``encoding`` bytes, where
    that makes the line look more Vietnamese by more than ``margin``."""
    changed = False
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.isascii() or (prefilter and _sparse_non_ascii(line)):
            continue
        raw = cp1252_bytes(line)
        if raw is not None:
            decoded = decode_legacy(raw, encoding)
            if vietnamese_score(decoded) > vietnamese_score(line) + margin:
                lines[i] = decoded
                changed = True
    return "\n".join(lines) if changed else None


_PIECE = 2_000  # longest stretch of one line scored as a unit
_PIECE_SPLIT = re.compile(r"(?<=>)|(?<=[.!?])\s+")


def _pieces(line: str) -> list[str]:
    """A long line (minified HTML, a paragraph with no breaks) in stretches of at most _PIECE characters."""
    if len(line) <= _PIECE:
        return [line]
    out: list[str] = []
    for part in _PIECE_SPLIT.split(line):
        out.extend(part[i : i + _PIECE] for i in range(0, len(part), _PIECE))
    return out


def _text_sample(text: str) -> str:
    """The stretches of text that hold non-ASCII characters (all of an ASCII
    text), up to the sample size, each on a line of its own."""
    if len(text) <= _SAMPLE:
        return text
    picked: list[str] = []
    size = 0
    for line in text.split("\n"):
        if line.isascii():
            continue
        for piece in _pieces(line):
            if piece.isascii():
                continue
            picked.append(piece)
            size += len(piece)
            if size > _SAMPLE:
                return "\n".join(picked)
    return "\n".join(picked) if picked else text[:_SAMPLE]


def _convert(text: str, name: str) -> str | None:
    """``text`` repaired as ``name`` says, or None when that repair changes nothing."""
    if name == "viqr":
        return decode_legacy(text, "viqr")
    if name.startswith("mojibake"):
        once = unmojibake(text)
        return unmojibake(once) if name == "mojibake2" else once
    # the text as a whole is judged to be in this encoding: any line it improves
    return _per_line(text, name, margin=0.0)


def _text_candidates(text: str) -> dict[str, str]:
    candidates = {"unicode": text}
    if text.isascii():
        if _VIQR_HINT.search(text):
            candidates["viqr"] = decode_legacy(text, "viqr")
        return candidates
    if _MOJIBAKE_HINT.search(text):
        once = unmojibake(text)
        if once != text:
            twice = unmojibake(once)
            candidates["mojibake2" if twice != once else "mojibake"] = twice
    for encoding in BYTE_ENCODINGS:
        repaired = _per_line(text, encoding, prefilter=True)
        if repaired is not None:
            candidates[encoding] = repaired
    return candidates


# A character that no cp1252 (or latin-1) byte shows as: a line holding one
# cannot be a legacy encoding shown as cp1252 (cp1252_bytes gives None for it).
_NOT_CP1252 = re.compile("[^\\x00-\\xff" + "".join(re.escape(c) for c in _CP1252) + "]")


def _nothing_to_repair(sample: str) -> bool:
    """True when :func:`_text_candidates` would find no repair to try for
    ``sample``: no mojibake pattern, no VIQR hint in ASCII text, and no line
    that could be legacy bytes shown as cp1252. Scoring such a text is
    skipped: its only candidate is the text itself (confidence 1)."""
    if sample.isascii():
        return not _VIQR_HINT.search(sample)
    if _MOJIBAKE_HINT.search(sample):
        return False
    for line in sample.split("\n"):
        if line.isascii() or _sparse_non_ascii(line):
            continue
        if not _NOT_CP1252.search(line):
            return False
    return True


def _scored_text(text: str) -> tuple[dict[str, str], dict[str, float]]:
    candidates = _text_candidates(text)
    scores = {name: vietnamese_score(value) for name, value in candidates.items()}
    # keep what the author has unless a repair is clearly better
    scores["unicode"] += 0.15
    return candidates, scores


def repair_text(text: str) -> Decoded:
    """Repair text that was decoded the wrong way: a legacy encoding shown as cp1252
    ("Tieáng Vieät" is VNI, "TiÕng ViÖt" TCVN3), UTF-8 mojibake ("Tiáº¿ng Viá»‡t"),
    VIQR ("Tie^'ng Vie^.t"). Clean text comes back unchanged with ``detected``
    "unicode"; a repair is recorded in ``converted_from``. Long texts are judged
    on a sample of their non-ASCII lines, then repaired whole."""
    sample = _text_sample(text)
    if _nothing_to_repair(sample):  # plain, well-encoded text: nothing to score
        return Decoded(text, "unicode", None, 1.0)
    _, scores = _scored_text(sample)
    best, confidence = _softmax(scores)[0]
    if best == "unicode":
        return Decoded(text, "unicode", None, confidence)
    repaired = _convert(text, best)
    if repaired is None:
        return Decoded(text, "unicode", None, confidence)
    return Decoded(_nfc(repaired), best, best, confidence)


# --- bytes ----------------------------------------------------------------------


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    key = name.strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(mark):
            return name, len(mark) if name == "utf-8" else 0
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: NUL bytes on one side of most pairs."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    for share, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if share > 0.3 and other < 0.05:
            try:
                data.decode(name)
            except UnicodeDecodeError:
                return None
            return name
    return None


def _mixed_utf8(data: bytes, encoding: str) -> str:
    """UTF-8 lines as UTF-8, the others as ``encoding``: pages that mix the two."""
    out = []
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(_decode_as(line, encoding))
    return "\n".join(out)


def _decode_as(data: bytes, encoding: str) -> str:
    if encoding in LEGACY_ENCODINGS:
        return decode_legacy(data, encoding)
    return data.decode(encoding, errors="replace")


def _nfc(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return _repair_marks(text) if re.search("[\u0300-\u036f]", text) else text


def _non_ascii_sample(data: bytes) -> bytes:
    """The lines that hold non-ASCII bytes, up to the sample size: markup is mostly
    ASCII, so this is mostly text."""
    picked: list[bytes] = []
    size = 0
    for line in data.split(b"\n"):
        if not line.isascii():
            picked.append(line)
            size += len(line)
            if size > _SAMPLE:
                break
    return b"\n".join(picked)


def _is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _legacy_scores(data: bytes, declared: str | None) -> dict[str, float]:
    sample = _non_ascii_sample(data)
    names = [*BYTE_ENCODINGS, "cp1252"]
    if declared and declared not in names and declared != "utf-8" and declared != "viqr":
        names.append(declared)
    scores: dict[str, float] = {}
    for name in names:
        try:
            scores[name] = vietnamese_score(_decode_as(sample, name))
        except LookupError:
            continue
    lines = [line for line in sample.split(b"\n") if line]
    valid = 0
    for line in lines:
        try:
            line.decode("utf-8")
            valid += 1
        except UnicodeDecodeError:
            pass
    if lines and valid / len(lines) >= 0.2:
        best = max(BYTE_ENCODINGS, key=lambda n: scores[n])
        scores[f"utf-8+{best}"] = vietnamese_score(_mixed_utf8(sample, best))
    # UTF-8 with a few broken bytes
    scores["utf-8"] = vietnamese_score(sample.decode("utf-8", errors="replace"))
    if declared in scores:
        scores[declared] += 0.1  # a declaration is a hint, not proof
    scores["cp1252"] += 0.02  # Western text: every Vietnamese reading is as poor
    return scores


def _detect_bytes(data: bytes, declared: str | None) -> list[tuple[str, float]]:
    if not data:
        return [("utf-8", 1.0)]
    bom = _bom(data)
    if bom:
        return [(bom[0], 1.0)]
    if _is_binary(data):
        utf16 = _utf16_without_bom(data)
        return [("utf-16", 0.9)] if utf16 else []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _softmax(_legacy_scores(data, declared))
    if text.isascii() and not _VIQR_HINT.search(text):
        return [("utf-8", 1.0)]
    _, scores = _scored_text(_text_sample(text))
    ranked = [("utf-8" if name == "unicode" else name, conf) for name, conf in _softmax(scores)]
    return ranked


def detect(data: bytes | str, *, declared: str | None = None) -> list[tuple[str, float]]:
    """Which encoding ``data`` is in, best first, with a confidence each.

    For bytes: ``utf-8`` (also for UTF-8 that turns out to hold mojibake or a
    legacy encoding, which then come first as ``mojibake``, ``vni``…), a legacy
    encoding, ``utf-8+tcvn3`` etc. for UTF-8 mixed with a legacy encoding line by
    line; an empty list for binary data. For str: ``unicode`` (fine as it is) or
    the repair that applies."""
    if isinstance(data, str):
        return _softmax(_scored_text(_text_sample(data))[1])
    return _detect_bytes(data, _canonical(declared))


def decode_bytes(data: bytes, *, declared: str | None = None, source: str | None = None) -> Decoded:
    """Decode ``data`` into NFC text and say what it was.

    ``declared`` is a charset from an HTTP header; a ``<meta charset>`` in the
    first bytes counts too. Both are hints. Binary data (NUL bytes that are not
    UTF-16) raises :class:`~doingoai.errors.DecodeError` naming ``source``.
    """
    if not data:
        return Decoded("", "utf-8")
    bom = _bom(data)
    if bom:
        name, skip = bom
        return Decoded(_nfc(data[skip:].decode(name, errors="replace")), name)
    if _is_binary(data):
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise DecodeError("binary data (NUL bytes), not text", source=source)
        return Decoded(_nfc(data.decode(utf16)), "utf-16", confidence=0.9)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if text.isascii() and not _VIQR_HINT.search(text):
            return Decoded(text, "utf-8")
        repaired = repair_text(text)
        if repaired.converted_from is None:
            return Decoded(_nfc(text), "utf-8", None, repaired.confidence)
        detected = "viqr" if repaired.converted_from == "viqr" else "utf-8"
        return Decoded(repaired.text, detected, repaired.converted_from, repaired.confidence)
    hint = _canonical(declared)
    if hint is None:
        match = _META_CHARSET.search(data[:4096])
        hint = _canonical(match.group(1).decode("ascii", "replace")) if match else None
    best, confidence = _softmax(_legacy_scores(data, hint))[0]
    if best == "utf-8":
        return Decoded(_nfc(data.decode("utf-8", errors="replace")), "utf-8", None, confidence)
    if best.startswith("utf-8+"):
        legacy = best.removeprefix("utf-8+")
        return Decoded(_nfc(_mixed_utf8(data, legacy)), "utf-8", legacy, confidence)
    return Decoded(_nfc(_decode_as(data, best)), best, best, confidence)
