"""Word lists written as regex alternations, regrouped to be searched fast.

The class/id rules of ``_html_dom`` are alternations kept readable and
audited word by word (``share|sharing|social|…``). Python's regex engine
tries every alternative at every position of the searched string, so a
search costs the number of alternatives times the length of the string.
:func:`grouped` rewrites alternations with their shared leading atoms taken
out (``s(?:har(?:e|ing)|ocial)|…``): at each position only the alternatives
that start with the character there are tried. A search of the grouped
pattern finds a match exactly where one of the patterns it was made from
finds one; only whether it matches is meant to be used (groups and the
order in which alternatives are tried change).
"""

from __future__ import annotations

import re

__all__ = ["alternatives", "grouped"]

_QUANTIFIERS = "?*+{"


def _atom_end(pattern: str, i: int) -> int:
    """Index just past the atom starting at ``pattern[i]``: an escape, a
    character class, a parenthesised group or one character."""
    char = pattern[i]
    if char == "\\":
        return i + 2
    if char == "[":
        j = i + 1
        if j < len(pattern) and pattern[j] == "^":
            j += 1
        if j < len(pattern) and pattern[j] == "]":  # a "]" first is a literal
            j += 1
        while pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return j + 1
    if char == "(":
        depth, j = 0, i
        while True:
            char = pattern[j]
            if char == "\\" or char == "[":
                j = _atom_end(pattern, j)
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if not depth:
                    return j + 1
            j += 1
    return i + 1


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``a|b(?:c|d)|[|]`` → a, b(?:c|d), [|])."""
    parts: list[str] = []
    start = i = 0
    while i < len(pattern):
        if pattern[i] == "|":
            parts.append(pattern[start:i])
            start = i = i + 1
        else:
            i = _atom_end(pattern, i)
    parts.append(pattern[start:])
    return parts


def _lead(alternative: str) -> str | None:
    """The first atom of ``alternative`` when it can be taken out (not quantified)."""
    if not alternative or alternative[0] in _QUANTIFIERS:
        return None
    end = _atom_end(alternative, 0)
    if end < len(alternative) and alternative[end] in _QUANTIFIERS:
        return None
    return alternative[:end]


def _regroup(parts: list[str]) -> str:
    tails: dict[str, list[str]] = {}  # lead → the rest of each alternative it starts
    order: list[tuple[str, bool]] = []  # (lead, True) or (alternative kept whole, False)
    for part in parts:
        lead = _lead(part)
        if lead is None:
            order.append((part, False))
        elif lead in tails:
            tails[lead].append(part[len(lead) :])
        else:
            tails[lead] = [part[len(lead) :]]
            order.append((lead, True))
    out: list[str] = []
    for item, is_lead in order:
        if not is_lead or "" in tails[item]:
            # kept whole, or a lead that alone matches wherever a longer one would
            out.append(item)
        elif len(tails[item]) == 1:
            out.append(item + tails[item][0])
        else:
            rest = _regroup(tails[item])
            # "h" + "ar(?:e|ing)" needs no group of its own; "s" + "hare|ocial" does
            out.append(item + rest if len(alternatives(rest)) == 1 else f"{item}(?:{rest})")
    return "|".join(out)


def grouped(*patterns: re.Pattern[str] | str) -> re.Pattern[str]:
    """One pattern that matches a string where any of ``patterns`` matches it,
    with alternatives regrouped by their shared leading atoms. The patterns
    must use no flag and no backreference."""
    parts: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, re.Pattern):
            if pattern.flags != re.UNICODE:
                raise ValueError(f"{pattern.pattern!r}: flags are not supported")
            pattern = pattern.pattern
        if re.search(r"\\[1-9]|\(\?P=", pattern):
            raise ValueError(f"{pattern!r}: backreferences are not supported")
        parts.extend(alternatives(pattern))
    return re.compile(_regroup(parts))
