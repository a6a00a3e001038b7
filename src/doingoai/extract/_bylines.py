"""What a Vietnamese byline adds after the author's name, shared by both extractors.

"Hà Thu (tổng hợp)" (compiled), "Minh Anh (theo Reuters)", "(lược dịch)",
"(biên dịch)", "(thực hiện)": the name is the author, the bracket its role.
Small on purpose: the HTML extractor imports it on every run.
"""

from __future__ import annotations

import re

from doingoai.text import fold

__all__ = ["BYLINE_ROLES", "strip_role"]

# Folded: a bracket whose words begin with one of these is a role.
BYLINE_ROLES: tuple[str, ...] = (
    "tong hop",
    "theo",
    "luoc dich",
    "bien dich",
    "dich",
    "thuc hien",
    "ghi",
    "bien soan",
)
_ROLE = re.compile(r"\s*\(([^()]{2,50})\)$")
_WORDS = re.compile(r"[0-9a-z]+")


def strip_role(line: str) -> str:
    """``line`` without a role in brackets at its end ("Hà Thu (tổng hợp)" → "Hà Thu")."""
    found = _ROLE.search(line)
    if found is None:
        return line
    words = " ".join(_WORDS.findall(fold(found.group(1))))
    if any(words == role or words.startswith(role + " ") for role in BYLINE_ROLES):
        return line[: found.start()].strip()
    return line
