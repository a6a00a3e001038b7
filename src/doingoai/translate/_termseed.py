"""Build the shipped seed termbase, src/doingoai/data/terms/seed.tbx.

Inputs: the partial transcription of Circular 03/2009/TT-BNG at
``../shared/data/terms/tt03_2009_partial.tsv`` (relative to the repository
root) and the hand-written ``data/terms/hanoi.toml``. Run from the repository
root::

    python -m doingoai.translate._termseed [--check]

``--check`` rebuilds in memory and exits 1 when seed.tbx differs (for CI).

Rules applied to the circular's rows:

* "A/B" alternatives in the English are expanded word by word ("Chairman/
  Chairwoman of the Office" gives both); the first is preferred, the others
  admitted. "Hamlet, Village" and "Quận, Huyện" are lists of alternatives.
* A parenthesis in the Vietnamese ("Phòng (trực thuộc UBND)") becomes a note.
* Rows with the same Vietnamese term in several tables make one concept.
* Tables 6, 9, 10 and 11 give generic words of official names and titles
  ("Cục", "Phòng", "Chủ tịch Ủy ban nhân dân"): those concepts are generic.
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from doingoai.text import fold
from doingoai.translate._termcompose import city_titles, department_concepts, unit_concepts
from doingoai.translate.tbx import tbx_bytes
from doingoai.translate.termbase import SEED_PATH, Concept, Term, Termbase, make_term

ROOT = Path(__file__).resolve().parents[3]
TSV = ROOT.parent / "shared" / "data" / "terms" / "tt03_2009_partial.tsv"
HANOI = SEED_PATH.parent / "hanoi.toml"
CIRCULAR = "Circular 03/2009/TT-BNG (Ministry of Foreign Affairs, 9 July 2009), appendix"
GENERIC_TABLES = {"6", "9", "10", "11"}
UNIT_SOURCE = (
    "Hà Nội's administrative units; dates per hanoi.toml [2TIER, R1656, MERGE2008, TULIEM]"
)
# Single syllables too common in running text to be useful as terms even when capitalised.
SKIPPED_VI = {"Bản", "Phum", "Ấp"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def expand_alternatives(english: str) -> list[str]:
    """ "Chairman/Chairwoman of the Board" -> both forms; "Hamlet, Village" -> both."""
    if "/" not in english and "," in english and len(english.split()) <= 3:
        return [p.strip() for p in english.split(",") if p.strip()]
    words = [w.split("/") for w in english.split()]
    return [" ".join(combo) for combo in itertools.product(*words)]


def _vi_terms(vi: str) -> tuple[list[str], str]:
    note = ""
    match = re.search(r"\s*\(([^)]*)\)\s*", vi)
    if match:
        note = match.group(1).strip()
        vi = (vi[: match.start()] + " " + vi[match.end() :]).strip()
    parts = re.split(r"\s*[/,]\s*", vi) if len(vi.split()) <= 4 else [vi]
    out = [p for p in parts if p and p not in SKIPPED_VI]
    return out, note


def circular_concepts() -> tuple[list[Concept], dict[str, Concept]]:
    """Concepts from the circular, in file order, and a map from the row's
    Vietnamese text (as written) to its concept."""
    concepts: list[Concept] = []
    by_vi: dict[str, Concept] = {}
    with TSV.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle, delimiter="\t"), 2):
            where = f"{TSV.name}: line {n}"
            vi_terms, vi_note = _vi_terms(row["vi"])
            if not vi_terms:
                continue
            source = f"{CIRCULAR}, table {row['table_no']} ({row['transcribed_from_url']})"
            key = vi_terms[0]
            concept = next((c for c in concepts if c.terms and c.terms[0].text == key), None)
            if concept is None:
                concept = Concept(
                    f"tt03-{row['table_no']}-{_slug(key)}",
                    subject=row["table_title_vi"],
                    note=vi_note,
                    generic=row["table_no"] in GENERIC_TABLES,
                )
                for i, text in enumerate(vi_terms):
                    status = "preferred" if i == 0 else "admitted"
                    concept.terms.append(
                        make_term("vi", text, status=status, source=source, where=where)
                    )
                concepts.append(concept)
            known = {t.text for t in concept.terms if t.lang == "en"}
            for i, text in enumerate(expand_alternatives(row["en"])):
                if text in known:
                    continue
                first = not any(t.lang == "en" for t in concept.terms)
                status = "preferred" if first and i == 0 else "admitted"
                concept.terms.append(
                    make_term("en", text, status=status, source=source, where=where)
                )
                known.add(text)
            if row["abbr"] and row["abbr"] not in known:
                concept.terms.append(
                    make_term("en", row["abbr"], status="admitted", source=source, where=where)
                )
            by_vi[row["vi"]] = concept
    return concepts, by_vi


def _toml_term(item: dict[str, Any], where: str) -> Term:
    return make_term(
        item["lang"],
        item["text"],
        status=item.get("status", "preferred"),
        valid_from=item.get("valid_from"),
        valid_to=item.get("valid_to"),
        note=item.get("note", ""),
        source=item.get("source", "office style"),
        where=where,
    )


def build() -> Termbase:
    concepts, by_vi = circular_concepts()
    spec = tomllib.loads(HANOI.read_text(encoding="utf-8"))
    for n, amend in enumerate(spec.get("amend", []), 1):
        where = f"{HANOI.name}: amend {n}"
        concept = by_vi.get(amend["vi"])
        if concept is None:
            raise SystemExit(f"{where}: no row of the circular has vi = {amend['vi']!r}")
        if "valid_to" in amend or "valid_from" in amend:
            start = date.fromisoformat(amend["valid_from"]) if "valid_from" in amend else None
            end = date.fromisoformat(amend["valid_to"]) if "valid_to" in amend else None
            concept.terms = [
                replace(t, valid_from=start or t.valid_from, valid_to=end or t.valid_to)
                for t in concept.terms
            ]
        if amend.get("note"):
            concept.note = " ".join(p for p in (concept.note, amend["note"]) if p)
        extra = [_toml_term(t, where) for t in amend.get("terms", [])]
        if "valid_to" in amend:
            end = date.fromisoformat(amend["valid_to"])
            extra = [replace(t, valid_to=t.valid_to or end) for t in extra]
        concept.terms.extend(extra)
    for n, item in enumerate(spec.get("concept", []), 1):
        where = f"{HANOI.name}: concept {n}"
        concepts.append(
            Concept(
                item["id"],
                subject=item.get("subject", ""),
                note=item.get("note", ""),
                terms=[_toml_term(t, where) for t in item["terms"]],
                generic=bool(item.get("generic", False)),
            )
        )
    districts = spec["districts"]
    end = districts["valid_to"]
    dates: dict[str, tuple[str | None, str | None]] = {}
    for group in ("joined_2008", "ranked_2009", "split_2014"):
        for name in districts.get(group, []):
            dates[name] = (districts[f"{group}_from"], end)
    for key, vi_kind, en_kind in (
        ("quan", "quận", "District"),
        ("thi_xa", "thị xã", "Town"),
        ("huyen", "huyện", "District"),
    ):
        concepts.extend(
            unit_concepts(
                districts[key],
                vi_kind,
                en_kind,
                valid_from=None,
                valid_to=end,
                where=HANOI.name,
                source=UNIT_SOURCE,
                dates=dates,
            )
        )
    concepts.extend(
        unit_concepts(
            districts.get("former_huyen", []),
            "huyện",
            "District",
            valid_from=None,
            valid_to=districts.get("former_huyen_to"),
            where=HANOI.name,
            source=UNIT_SOURCE,
        )
    )
    wards = spec["wards"]
    for key, vi_kind, en_kind in (("phuong", "phường", "Ward"), ("xa", "xã", "Commune")):
        concepts.extend(
            unit_concepts(
                wards[key],
                vi_kind,
                en_kind,
                valid_from=wards["valid_from"],
                valid_to=None,
                where=HANOI.name,
                source=UNIT_SOURCE,
            )
        )
    concepts.extend(city_titles(f"{HANOI.name}: city titles"))
    try:
        concepts.extend(department_concepts(spec.get("department", []), HANOI.name))
    except ValueError as err:
        raise SystemExit(str(err)) from None
    return Termbase(concepts)


SOURCE_NOTE = (
    "Seed termbase of doingoai. Official English names of state bodies and titles from "
    f"{CIRCULAR} (partial transcription; a legal normative document, not subject to "
    "copyright under Art. 15 of Viet Nam's Law on Intellectual Property); Hà Nội's bodies "
    "and the 2025 reorganisation written by the project (data/terms/hanoi.toml, sources "
    "cited there). Extensions: descrip x-validFrom / x-validTo (ISO dates, inclusive) on "
    "termSec; descrip x-generic on conceptEntry."
)


def main(argv: list[str]) -> int:
    data = tbx_bytes(build(), title="doingoai seed termbase", source_note=SOURCE_NOTE)
    if "--check" in argv:
        same = SEED_PATH.exists() and SEED_PATH.read_bytes() == data
        print("seed.tbx is up to date" if same else "seed.tbx is stale: rebuild it")
        return 0 if same else 1
    SEED_PATH.write_bytes(data)
    print(f"wrote {SEED_PATH} ({data.count(b'<conceptEntry')} concepts)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
