"""Sentence splitting for Vietnamese news text.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (with any closing quotes
or brackets after it) when the next word starts a sentence: a capital letter,
a digit, or an opening quote or bracket. Not after the abbreviations news
writes before names ("TP. Hồ Chí Minh", "PGS.TS. Nguyễn", "ThS. Lê"), not
after an initial ("Nguyễn V. A"), not after a list number ("1. Mở đầu").
Numbers and joined abbreviations ("2.350", "Ngày 2.6", "TP.HCM", "TT-TT")
never split because no space follows their dot. Line breaks always end a
sentence: scraped pages put headlines and paragraphs on lines of their own.
"""

from __future__ import annotations

import re

__all__ = ["ABBREVIATIONS", "split_sentences"]

#: Abbreviations that stand before a name or number and never end a sentence.
ABBREVIATIONS = frozenset(
    {
        # titles and degrees
        "TS",
        "PGS",
        "GS",
        "ThS",
        "Ths",
        "BS",
        "BSCKI",
        "BSCKII",
        "KS",
        "CN",
        "NCS",
        "NSƯT",
        "NSND",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "St",
        "Jr",
        # places and addresses: thành phố, thị xã, thị trấn, quận, phường, huyện, xã, đường
        "TP",
        "Tp",
        "tp",
        "TX",
        "Tx",
        "TT",
        "Q",
        "P",
        "H",
        "X",
        "Đ",
        # references: trang, số, khoản, nhà xuất bản, tập
        "tr",
        "Tr",
        "No",
        "Nxb",
        "NXB",
        "Vol",
        "vol",
        "tel",
        "Tel",
        "ĐT",
    }
)

_END = re.compile(r"(?:\.\.\.|…|[.!?])+[\"”’»)\]]*(?=\s|$)")
_LAST_TOKEN = re.compile(r"(\S+)$")
_STARTS = re.compile(r"\s*[\"“‘«(\[–—-]*\s*(\S)")
_LIST_MARKER = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6}|[a-zA-Z])$")


def _is_boundary(line: str, sentence_start: int, end: re.Match[str]) -> bool:
    nxt = _STARTS.match(line, end.end())
    if nxt is None:
        return False
    first = nxt.group(1)
    if not (first.isupper() or first.isdigit()):
        return False
    mark = end.group(0).rstrip('"”’»)]')
    if mark != ".":
        return True  # ellipsis, "!", "?" before a capital
    before = line[sentence_start : end.start()]
    token_match = _LAST_TOKEN.search(before)
    if token_match is None:
        return True  # "tới ." (tokenised text)
    token = token_match.group(1).lstrip('"“‘«([')
    last_part = token.rsplit(".", 1)[-1]
    if token in ABBREVIATIONS or last_part in ABBREVIATIONS:
        return False
    if len(last_part) == 1 and last_part.isupper():
        return False  # an initial
    # "1. Mở đầu", "II. Kết quả", "a. ..." at the start of a sentence: a list marker
    return not (before.strip() == token and _LIST_MARKER.match(token))


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, each stripped; empty lines give nothing.

    >>> split_sentences("Ngày 2.6, Sở TT-TT họp. TP.HCM có 2.350 chỉ tiêu.")
    ['Ngày 2.6, Sở TT-TT họp.', 'TP.HCM có 2.350 chỉ tiêu.']
    """
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for end in _END.finditer(line):
            if _is_boundary(line, start, end):
                sentence = line[start : end.end()].strip()
                if sentence:
                    sentences.append(sentence)
                start = end.end()
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences
