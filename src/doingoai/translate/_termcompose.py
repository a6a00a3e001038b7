"""Official names composed by the rules of Circular 03/2009/TT-BNG.

The circular gives the English of the generic parts of a name (tables 9–11:
"Sở" → Department, "Ủy ban nhân dân" → People's Committee, "Chủ tịch" →
Chairman/Chairwoman, "Phó" → Vice/Deputy, "quận" → District …) and examples
of how they combine. This module applies those combinations to the units
listed in ``data/terms/hanoi.toml`` so that every department, district,
ward and commune, its People's Committee and its leaders' titles is one
concept with its Vietnamese forms (in full, abbreviated: UBND, HĐND, TP,
Sở TT&TT) and its English names, valid over the unit's own dates.

* Sở + field → "Hanoi Department of" + field (table 10: "Sở Ngoại vụ Hà
  Nội" → "Ha Noi External Relations Department"; the city's own usage puts
  the field after "Department of"); Giám đốc / Phó Giám đốc Sở → Director /
  Deputy Director of the Department;
* Ủy ban nhân dân + unit → unit + "People's Committee" (table 11: "Chủ tịch
  Ủy ban nhân dân thành phố Hà Nội" → "Chairman/Chairwoman of Ha Noi
  People's Committee"); Chủ tịch / Phó Chủ tịch → Chairman / Vice Chairman
  (and Chairwoman / Vice Chairwoman) of the People's Committee;
* quận, huyện → District; thị xã → Town; phường → Ward; xã → Commune
  (table 10), the proper name written without diacritics in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from doingoai.text import fold
from doingoai.translate.termbase import Concept, Term, make_term

__all__ = ["city_titles", "department_concepts", "unit_concepts"]

CIRCULAR_RULE = "Circular 03/2009/TT-BNG composition rule"
_CITY_VI = ("Hà Nội", "thành phố Hà Nội", "TP Hà Nội", "TP. Hà Nội")
# English titles: the first is preferred, the others admitted.
_CHAIR = ("Chairman", "Chairwoman")
_VICE_CHAIR = ("Vice Chairman", "Vice Chairwoman")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def plain(name: str) -> str:
    """A proper name as English writes it: without diacritics ("Ba Đình" → "Ba Dinh")."""
    return " ".join(fold(w).capitalize() if w[:1].isupper() else fold(w) for w in name.split())


class _Builder:
    """Terms of one concept, all valid over the same dates."""

    def __init__(self, where: str, valid_from: str | None, valid_to: str | None) -> None:
        self.where = where
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.terms: list[Term] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, lang: str, texts: Iterable[str], source: str, status: str = "") -> None:
        for text in texts:
            if (lang, text) in self._seen:
                continue
            first = not any(t.lang == lang for t in self.terms)
            self._seen.add((lang, text))
            self.terms.append(
                make_term(
                    lang,
                    text,
                    status=status or ("preferred" if first else "admitted"),
                    valid_from=self.valid_from,
                    valid_to=self.valid_to,
                    source=source,
                    where=self.where,
                )
            )


def _committee_concepts(
    key: str,
    vi_units: list[str],
    en_unit: str,
    *,
    subject: str,
    where: str,
    valid_from: str | None,
    valid_to: str | None,
    note: str = "",
) -> list[Concept]:
    """A unit's People's Committee and its Chairman and Vice Chairman."""
    out: list[Concept] = []
    for suffix, vi_heads, en_heads in (
        ("peoples-committee", ("",), ("",)),
        ("peoples-committee-chair", ("Chủ tịch ",), tuple(f"{h} of the " for h in _CHAIR)),
        (
            "peoples-committee-vice-chair",
            ("Phó Chủ tịch ",),
            tuple(f"{h} of the " for h in _VICE_CHAIR),
        ),
    ):
        b = _Builder(where, valid_from, valid_to)
        b.add(
            "vi",
            (
                f"{head}{body} {unit}"
                for head in vi_heads
                for body in ("Ủy ban nhân dân", "UBND")
                for unit in vi_units
            ),
            CIRCULAR_RULE,
        )
        committee = f"{en_unit} People's Committee"
        b.add("en", (f"{head}{committee}" for head in en_heads), CIRCULAR_RULE)
        if suffix != "peoples-committee":  # the circular's examples leave out "the"
            b.add(
                "en",
                (f"{head.removesuffix('the ')}{committee}" for head in en_heads),
                CIRCULAR_RULE,
            )
        else:
            b.add("en", [f"People's Committee of {en_unit}"], "Circular 03/2009/TT-BNG, table 10")
        out.append(Concept(f"{key}-{suffix}", subject=subject, note=note, terms=b.terms))
    return out


def unit_concepts(
    names: list[str],
    vi_kind: str,
    en_kind: str,
    *,
    valid_from: str | None,
    valid_to: str | None,
    where: str,
    source: str,
    dates: dict[str, tuple[str | None, str | None]] | None = None,
) -> list[Concept]:
    """Each unit ("quận Ba Đình"), its People's Committee and its chair's titles.

    ``dates`` gives a unit its own (valid_from, valid_to) where it differs from
    the list's (a district that joined the city in 2008, one split in 2014).
    """
    out: list[Concept] = []
    for name in names:
        start, end = (dates or {}).get(name, (valid_from, valid_to))
        here = f"{where}: {vi_kind} {name}"
        key = f"hn-{_slug(vi_kind)}-{_slug(name)}"
        english = f"{plain(name)} {en_kind}"
        b = _Builder(here, start, end)
        b.add("vi", [f"{vi_kind} {name}"], source)
        b.add("en", [english], "Circular 03/2009/TT-BNG pattern")
        b.add("en", [f"{name} {en_kind}"], "office style (with diacritics)")
        out.append(Concept(key, subject="Hà Nội units", terms=b.terms))
        out.extend(
            _committee_concepts(
                key,
                [f"{vi_kind} {name}"],
                english,
                subject="Hà Nội units",
                where=here,
                valid_from=start,
                valid_to=end,
            )
        )
    return out


def city_titles(where: str) -> list[Concept]:
    """The Vice Chairman of the city's People's Committee, the Chairman and Vice
    Chairman of its People's Council (the Chairman of the Committee is written
    out in hanoi.toml)."""
    out: list[Concept] = []
    b = _Builder(where, None, None)
    b.add(
        "vi",
        (
            f"Phó Chủ tịch {body} {city}"
            for body in ("Ủy ban nhân dân", "UBND")
            for city in _CITY_VI[1:]
        ),
        CIRCULAR_RULE,
    )
    b.add("en", (f"{h} of the Hanoi People's Committee" for h in _VICE_CHAIR), "[HNT]")
    b.add(
        "en",
        (f"{h} of Ha Noi People's Committee" for h in _VICE_CHAIR),
        "Circular 03/2009/TT-BNG, table 11 example",
    )
    out.append(Concept("hn-peoples-committee-vice-chair", subject="Hà Nội titles", terms=b.terms))
    for key, vi_head, en_heads in (
        ("hn-peoples-council-chair", "Chủ tịch", _CHAIR),
        ("hn-peoples-council-vice-chair", "Phó Chủ tịch", _VICE_CHAIR),
    ):
        b = _Builder(where, None, None)
        b.add(
            "vi",
            (
                f"{vi_head} {body} {city}"
                for body in ("Hội đồng nhân dân", "HĐND")
                for city in _CITY_VI[1:]
            ),
            CIRCULAR_RULE,
        )
        b.add("en", (f"{h} of the Hanoi People's Council" for h in en_heads), CIRCULAR_RULE)
        b.add("en", (f"{h} of Ha Noi People's Council" for h in en_heads), CIRCULAR_RULE)
        out.append(Concept(key, subject="Hà Nội titles", terms=b.terms))
    return out


def department_concepts(items: list[dict[str, Any]], where: str) -> list[Concept]:
    """Each ``[[department]]`` of hanoi.toml: the department, its Director and Deputy Director."""
    out: list[Concept] = []
    for n, item in enumerate(items, 1):
        here = f"{where}: department {n} ({item.get('vi', '?')})"
        for required in ("vi", "en"):
            if not str(item.get(required, "")).strip():
                raise ValueError(f"{here}: {required!r} is missing")
        field_vi, field_en = item["vi"], item["en"]
        abbrs = list(item.get("abbr", []))
        start, end = item.get("valid_from"), item.get("valid_to")
        source = item.get("source", "office style")
        key = item.get("id") or f"hn-dept-{_slug(field_en)}"
        names = [f"Sở {field_vi}", *(f"Sở {a}" for a in abbrs)]
        vi_full = [f"{name} {city}" for name in names for city in _CITY_VI]
        en_full = f"Hanoi Department of {field_en}"
        for suffix, vi_head, en_heads in (
            ("", "", ("",)),
            ("-director", "Giám đốc ", ("Director of the ",)),
            ("-deputy-director", "Phó Giám đốc ", ("Deputy Director of the ",)),
        ):
            b = _Builder(here, start, end)
            b.add("vi", (f"{vi_head}{v}" for v in vi_full), CIRCULAR_RULE)
            b.add("vi", (f"{vi_head}{v}" for v in names), CIRCULAR_RULE, status="admitted")
            b.add("en", (f"{h}{en_full}" for h in en_heads), source)
            b.add("en", (f"{h}Ha Noi Department of {field_en}" for h in en_heads), CIRCULAR_RULE)
            b.add("en", (f"{h}Department of {field_en}" for h in en_heads), CIRCULAR_RULE)
            out.append(
                Concept(
                    key + suffix,
                    subject="Hà Nội bodies" if not suffix else "Hà Nội titles",
                    note=item.get("note", "") if not suffix else "",
                    terms=b.terms,
                )
            )
    return out
