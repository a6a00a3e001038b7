"""Codecs for the legacy Vietnamese encodings and for UTF-8 mojibake.

Byte encodings (TCVN3, VNI, VISCII, CP1258) are table-driven from
:mod:`doingoai.text._tables`; bytes a table does not hold are read as the
Windows code page the fonts were built over (cp1252, or cp1258 for CP1258).
VIQR is ASCII spelling ("Tie^'ng Vie^.t"). Mojibake is UTF-8 that was read as
cp1252 or latin-1 ("Tiáº¿ng Viá»‡t").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal

from doingoai.text._syllable import is_vietnamese_syllable, split_char
from doingoai.text._tables import LETTERS, TABLES

__all__ = [
    "BYTE_ENCODINGS",
    "LEGACY_ENCODINGS",
    "VIETNAMESE_LETTERS",
    "cp1252_bytes",
    "decode_legacy",
    "encode_legacy",
    "mojibake",
    "unmojibake",
]

#: encodings held as bytes
BYTE_ENCODINGS = ("tcvn3", "vni", "viscii", "cp1258")
#: every legacy encoding this module reads and writes
LEGACY_ENCODINGS = (*BYTE_ENCODINGS, "viqr")
VIETNAMESE_LETTERS = frozenset(LETTERS)


def _code_page(name: str) -> str:
    """The 256 characters of a Windows code page; undefined bytes read as latin-1."""
    return "".join(bytes([b]).decode(name, errors="ignore") or chr(b) for b in range(256))


_CP1252 = _code_page("cp1252")
_CP1258 = _code_page("cp1258")
_CP1252_REVERSE = {char: code for code, char in enumerate(_CP1252)}


def _pairs(table: str) -> list[tuple[str, str]]:
    items = table.split(" ")
    return list(zip(items[::2], items[1::2], strict=True))


class _ByteCodec:
    """One table-driven byte encoding. Keys of ``decode_map`` are the bytes read as latin-1."""

    def __init__(self, name: str, fallback: str) -> None:
        self.name = name
        self.encode_map: dict[str, bytes] = {}
        self.decode_map: dict[str, str] = {}
        self.shared: set[str] = set()  # lower-case letters whose byte also stands for the capital
        for char, hexcode in _pairs(TABLES[name]):
            raw = bytes.fromhex(hexcode)
            self.encode_map.setdefault(char, raw)
            key = raw.decode("latin-1")
            held = self.decode_map.get(key)
            if held is None:
                self.decode_map[key] = char
            elif held.lower() == char:  # one byte for both cases: read the lower case
                self.decode_map[key] = char
                self.shared.add(char)
        for byte in range(256):
            key = chr(byte)
            if byte >= 0x80 and key not in self.decode_map:
                self.decode_map[key] = fallback[byte]
            self.encode_map.setdefault(self.decode_map.get(key, key), bytes([byte]))
        doubles = [re.escape(k) for k in self.decode_map if len(k) == 2]
        singles = "".join(
            re.escape(k) for k, v in self.decode_map.items() if len(k) == 1 and k != v
        )
        pattern = "|".join([*doubles, f"[{singles}]"])
        self.pattern = re.compile(pattern)

    def decode(self, data: bytes) -> str:
        text = self.pattern.sub(lambda m: self.decode_map[m.group(0)], data.decode("latin-1"))
        text = unicodedata.normalize("NFC", text)
        return _restore_case(text, self.shared) if self.shared else text

    def encode(self, text: str, errors: Literal["strict", "replace"]) -> bytes:
        out = bytearray()
        for i, char in enumerate(text):
            raw = self.encode_map.get(char)
            if raw is None:
                if errors == "replace":
                    raw = b"?"
                else:
                    raise UnicodeEncodeError(self.name, text, i, i + 1, "not in the table")
            out += raw
        return bytes(out)


_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+[\"“'(]?|\n\s*[\"“'(]?)$")


def _restore_case(text: str, shared: set[str]) -> str:
    """TCVN3 writes Á and á with one byte. Put capitals back where the context shows
    them: a capital base letter followed by its own toned lower-case form ("A¸" → Á),
    and shared letters in an all-capital word ("TIÕNG VIÖT" → TIẾNG VIỆT)."""
    pieces = _WORD.split(text)
    words = _WORD.findall(text)
    status: list[str] = []  # "upper", "one" (one capital, nothing else known), "none" or "lower"
    for n, word in enumerate(words):
        chars = list(word)
        for i in range(len(chars) - 1, 0, -1):
            if chars[i] in shared and chars[i - 1].isupper():
                base, _ = split_char(chars[i])
                if base == chars[i - 1].lower():
                    chars[i - 1 : i + 1] = [chars[i].upper()]
        words[n] = "".join(chars)
        known = [c for c in chars if c not in shared and c.lower() != c.upper()]
        if not known:
            status.append("none")
        elif not all(c.isupper() for c in known):
            status.append("lower")
        else:
            status.append("upper" if len(known) >= 2 else "one")

    def evidence(k: int) -> bool:
        """Word k is an all-capital Vietnamese word (not an acronym like TT, UBND)."""
        return status[k] == "upper" and (
            any(c in shared for c in words[k].lower()) or is_vietnamese_syllable(words[k])
        )

    for n, word in enumerate(words):
        if not any(c in shared for c in word) or status[n] == "lower":
            continue
        before = n > 0 and pieces[n].isspace() and "\n" not in pieces[n] and evidence(n - 1)
        after = (
            n + 1 < len(words)
            and pieces[n + 1].isspace()
            and "\n" not in pieces[n + 1]
            and evidence(n + 1)
        )
        if status[n] == "upper":
            caps = True
        elif status[n] == "one":
            caps = before or after
        else:
            caps = before and after
        if caps:
            words[n] = word.upper()
        elif (
            word[0] in shared and _SENTENCE_START.search(pieces[n]) and (n or not pieces[0].strip())
        ):
            words[n] = word[0].upper() + word[1:]
    out = [pieces[0]]
    for word, piece in zip(words, pieces[1:], strict=True):
        out += [word, piece]
    return "".join(out)


_CODECS: dict[str, _ByteCodec] = {}


def _codec(name: str) -> _ByteCodec:
    codec = _CODECS.get(name)
    if codec is None:
        codec = _CODECS[name] = _ByteCodec(name, _CP1258 if name == "cp1258" else _CP1252)
    return codec


# --- VIQR -----------------------------------------------------------------

_VIQR_FROM = {spelled: char for char, spelled in _pairs(TABLES["viqr"])}
_VIQR_TO = {char: spelled for spelled, char in _VIQR_FROM.items()}
_VIQR_MARKS = "'`?~.^(+"
_VIQR = re.compile(r"\\(.)|(?<![a-z])(dd|DD|Dd)|([AaEeIiOoUuYy])([\^(+])?(['`?~.])?", re.S)
_VIQR_STRICT = re.compile(r"\\[.?'`~^(+dD]")


def _viqr_tone_here(text: str, end: int) -> bool:
    """Unescaped VIQR: a "." or "?" after a vowel is punctuation where a sentence
    ends (end of text, or a capital or opening quote next), a tone elsewhere."""
    after = text[end : end + 1]
    if not after:
        return False
    if after.isalpha() or after in ",;:":
        return True
    if not after.isspace():
        return False
    rest = text[end : end + 40].lstrip()
    return bool(rest) and not (rest[0].isupper() or rest[0] in "\"“'‘(")


def _viqr_decode(text: str) -> str:
    strict = bool(_VIQR_STRICT.search(text))  # escapes used: every bare mark is a mark

    def sub(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1)
        if m.group(2):
            return "Đ" if m.group(2)[0] == "D" else "đ"
        vowel, quality, tone = m.group(3), m.group(4) or "", m.group(5) or ""
        if quality and vowel + quality not in _VIQR_FROM:
            return m.group(0)
        if tone in ".?" and tone and not strict and not _viqr_tone_here(m.string, m.end()):
            return _VIQR_FROM.get(vowel + quality, vowel + quality) + tone
        return _VIQR_FROM.get(vowel + quality + tone, m.group(0))

    return _VIQR.sub(sub, text)


_ASCII_PUNCT = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " "}
)


def _viqr_encode(text: str) -> str:
    """VIQR spelling; typographic quotes, dashes and no-break spaces become ASCII,
    and a literal mark after a vowel (or a literal "dd") is escaped with a backslash."""
    out: list[str] = []
    after_vowel = after_d = False
    for char in text.translate(_ASCII_PUNCT):
        spelled = _VIQR_TO.get(char)
        if spelled is not None:
            out.append(spelled)
        elif (char in _VIQR_MARKS and after_vowel) or char == "\\" or (char in "dD" and after_d):
            out.append("\\" + char)
        else:
            out.append(char)
        after_vowel = unicodedata.normalize("NFD", char)[:1].lower() in (
            "a",
            "e",
            "i",
            "o",
            "u",
            "y",
        )
        after_d = char in "dD"
    return "".join(out)


# --- public codec functions -------------------------------------------------


def decode_legacy(data: bytes | str, encoding: str) -> str:
    """Decode ``data`` from a legacy Vietnamese encoding into NFC text.
    VIQR takes ASCII text or bytes."""
    if encoding == "viqr":
        text = data if isinstance(data, str) else data.decode("latin-1")
        return unicodedata.normalize("NFC", _viqr_decode(text))
    if isinstance(data, str):
        raise TypeError(f"{encoding} decodes bytes, not str")
    return _codec(encoding).decode(data)


def encode_legacy(
    text: str, encoding: str, *, errors: Literal["strict", "replace"] = "strict"
) -> bytes:
    """Encode Unicode text into a legacy Vietnamese encoding ("tcvn3", "vni",
    "viscii", "cp1258" or "viqr"). TCVN3 has one byte for a toned letter in both
    cases, as the table gives it; VIQR marks that follow a vowel are escaped."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "viqr":
        return _viqr_encode(text).encode("ascii", errors=errors)
    if encoding not in BYTE_ENCODINGS:
        raise ValueError(
            f"unknown legacy encoding {encoding!r}; known: {', '.join(LEGACY_ENCODINGS)}"
        )
    return _codec(encoding).encode(text, errors)


# --- mojibake ---------------------------------------------------------------


def cp1252_bytes(text: str) -> bytes | None:
    """The bytes that, read as cp1252 (or latin-1), show as ``text``; None if some
    character is in neither."""
    out = bytearray()
    for char in text:
        code = _CP1252_REVERSE.get(char)
        if code is None:
            code = ord(char) if ord(char) < 0x100 else -1
        if code < 0:
            return None
        out.append(code)
    return bytes(out)


_CP1252_HIGH = "".join(
    sorted({re.escape(c) for c in _CP1252[0x80:]} | {re.escape(chr(c)) for c in range(0x80, 0x100)})
)
_MOJIBAKE_RUN = re.compile(f"[{_CP1252_HIGH}]{{2,}}")


def _undo_run(match: re.Match[str]) -> str:
    run = match.group(0)
    raw = cp1252_bytes(run)
    if raw is None:
        return run
    decoded = raw.decode("utf-8", errors="surrogateescape")
    if decoded == run or not any(not ("\udc80" <= c <= "\udcff") for c in decoded):
        return run
    return "".join(_CP1252[ord(c) - 0xDC00] if "\udc80" <= c <= "\udcff" else c for c in decoded)


def unmojibake(text: str) -> str:
    """Undo one round of UTF-8 read as cp1252/latin-1, run by run: text that was
    right stays as it was ("Tiáº¿ng Viá»‡t" → "Tiếng Việt")."""
    return _MOJIBAKE_RUN.sub(_undo_run, text)


def mojibake(text: str, *, rounds: int = 1) -> str:
    """Make mojibake on purpose (tests and benchmarks): UTF-8 read as cp1252."""
    for _ in range(rounds):
        text = "".join(_CP1252[b] for b in text.encode("utf-8"))
    return text


Decoder = Callable[[bytes], str]
