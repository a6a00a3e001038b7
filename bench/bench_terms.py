"""Official names in the termbase: found whole, and wrong English caught by QA.

For every Hà Nội department, district, town, ward and commune of the seed
termbase, its People's Committee and its leaders' titles (the names composed
by the rules of Circular 03/2009/TT-BNG), each Vietnamese form is put in a sentence
three ways: as written, without diacritics, and with the other tone placement
("Uỷ ban" for "Ủy ban"). A form is *found whole* when the termbase gives one
hit spanning the whole name with that concept's English. Then the QA term
check is given the sentence with a wrong English name (the field called a
"Service", a title called "Vice President of the … Council", a People's
Committee called a "City Council") and with the right one: a wrong name must
be reported, the right one must not.

Compared, in the same run, with the termbase a user would build from the
circular's own rows alone (the generic words "Sở", "Ủy ban nhân dân",
"Chủ tịch" … and the examples), the seed before names were composed.

Usage: .venv/bin/python bench/bench_terms.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from doingoai.text import fold  # noqa: E402
from doingoai.translate import _termseed  # noqa: E402
from doingoai.translate import termbase as termbase_module  # noqa: E402
from doingoai.translate.qa import check_segment  # noqa: E402
from doingoai.translate.termbase import Concept, Termbase  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"

COMPOSED_SUBJECTS = {"Hà Nội units", "Hà Nội bodies", "Hà Nội titles"}


def _variants(text: str) -> list[tuple[str, str]]:
    out = [("as written", text), ("no diacritics", _strip(text))]
    if "Ủy" in text:
        out.append(("old tone placement", text.replace("Ủy", "Uỷ")))
    return out


def _strip(text: str) -> str:
    """The text typed without diacritics, case kept ("Sở Y tế" → "So Y te")."""
    return "".join(
        (fold(c).upper() if c.isupper() else fold(c)) if c.isalpha() else c for c in text
    )


def _wrong(english: str) -> str:
    """A wrong English name of the kind translators write."""
    if english.startswith("Hanoi Department of "):
        return "The " + english.removeprefix("Hanoi Department of ") + " Service"
    for right, wrong in (
        ("People's Committee", "City Council"),
        ("People's Council", "City Assembly"),
        ("Party Committee", "Party Office"),
    ):
        if right in english:
            return english.replace(right, wrong).replace("Chairman", "President")
    words = english.split()
    return " ".join([*words[:-1], "Precinct"])  # "Ba Dinh District" → "Ba Dinh Precinct"


def _date_of(concept: Concept) -> date | None:
    for term in concept.terms:
        if term.valid_from is not None:
            return term.valid_from
        if term.valid_to is not None:
            return term.valid_to
    return None


def measure(termbase: Termbase, concepts: list[Concept]) -> tuple[int, int, int, int, int, int]:
    found = tried = caught = wrong = clean = right = 0
    for concept in concepts:
        on = _date_of(concept)
        english = [t for t in concept.terms_in("en") if t.status == "preferred"]
        if not english:
            continue
        for term in concept.terms_in("vi"):
            for how, form in _variants(term.text):
                tried += 1
                # typed without diacritics: the whole sentence is
                sentence = "Hom qua {} hop." if how == "no diacritics" else "Hôm qua {} họp."
                hits = termbase.find(sentence.format(form), on=on, target_lang="en")
                if (
                    len(hits) == 1
                    and hits[0].text == form
                    and any(t.text == english[0].text for t in hits[0].targets)
                ):
                    found += 1
        source = f"Hôm qua {concept.terms_in('vi')[0].text} họp."
        bad = [i for i in check_segment(source, f"Yesterday {_wrong(english[0].text)} met.",
                                        termbase=termbase, on=on) if i.check == "terms"]  # fmt: skip
        wrong += 1
        caught += bool(bad)
        good = [i for i in check_segment(source, f"Yesterday the {english[0].text} met.",
                                         termbase=termbase, on=on) if i.check == "terms"]  # fmt: skip
        right += 1
        clean += not good
    return found, tried, caught, wrong, clean, right


def main() -> int:
    started = time.perf_counter()
    seed = _termseed.build()
    circular, _ = _termseed.circular_concepts()
    circular_only = Termbase(circular)
    names = [c for c in seed if c.subject in COMPOSED_SUBJECTS]
    print(f"machine: 2 cores, Python {sys.version.split()[0]}")
    print(f"official names of Hà Nội in the seed termbase: {len(names)} concepts")
    print(
        f"\n  {'termbase':<34}{'found whole':>16}{'wrong English reported':>26}"
        f"{'right English passed':>24}"
    )
    for label, termbase in (
        ("seed (composed names)", seed),
        ("circular's rows alone", circular_only),
    ):
        found, tried, caught, wrong, clean, right = measure(termbase, names)
        print(
            f"  {label:<34}{found:>7}/{tried:<5} {found / tried:>4.0%}"
            f"{caught:>13}/{wrong:<5} {caught / wrong:>4.0%}"
            f"{clean:>12}/{right:<5} {clean / right:>4.0%}"
        )
    folded_in_prose(seed)
    print(f"\n  ({time.perf_counter() - started:.1f} s)")
    return 0


def folded_in_prose(seed: Termbase) -> None:
    """Names found only by folding in news written with diacritics: each is a
    word taken for a name ("Quan trọng" for "Quận", "Thanh Phong" for "Phòng",
    "xa" (far) for "xã"). With the rule, folding is kept for texts that do not
    mark tones; without it, every syllable typed without a mark is folded."""
    texts = [
        json.loads(line)["text"]
        for name in ("vntc_train_subset.jsonl", "vntc_test_dev.jsonl")
        for line in (SHARED / "topics" / name).read_text(encoding="utf-8").splitlines()
    ]
    print(f"\n  names found by folding in {len(texts):,} VNTC news texts (written with diacritics)")
    kept = termbase_module.TONE_MARKED_SHARE
    for label, share in (("folding in accented text off (now)", kept), ("folding always", 2.0)):
        termbase_module.TONE_MARKED_SHARE = share
        counts: Counter[str] = Counter()
        hits = 0
        for text in texts:
            for hit in seed.find(text, target_lang="en"):
                hits += 1
                counts[hit.text] += hit.folded
        termbase_module.TONE_MARKED_SHARE = kept
        top = ", ".join(f"{k} {v}" for k, v in counts.most_common(4) if v)
        print(f"  {label:<38}{sum(counts.values()):>5} of {hits:,} hits  {top}")


if __name__ == "__main__":
    raise SystemExit(main())
