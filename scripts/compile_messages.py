"""Compile the translation catalogues (``src/doingoai/locale/<lang>/LC_MESSAGES/django.po``)
into the ``django.mo`` files Django reads, in pure Python (Babel): no GNU
gettext tools are needed. The install runs it (``make install``); the
compiled files are never committed.

    python scripts/compile_messages.py            # compile every catalogue
    python scripts/compile_messages.py --check    # exit 1 when a .mo is missing or stale

A catalogue that cannot be read is named with the reason, and the others are
still compiled; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "doingoai" / "locale"


_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"$')


def _check_lines(po_path: Path) -> None:
    """Refuse what Babel would silently mend: a string left unclosed, a stray line."""
    text = po_path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#") and not _LINE.match(line):
            raise ValueError(f"line {number} is not a catalogue line: {line[:60]!r}")


def compiled(po_path: Path) -> bytes:
    """The .mo bytes of one catalogue (fuzzy entries left out, as msgfmt does)."""
    _check_lines(po_path)
    with po_path.open("rb") as handle:
        catalog = read_po(
            handle, locale=po_path.parents[1].name, domain="django", abort_invalid=True
        )
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def catalogues(root: Path = LOCALE) -> list[Path]:
    return sorted(root.glob("*/LC_MESSAGES/*.po"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say what is missing or stale")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE, help="where the catalogues are")
    args = parser.parse_args(argv)
    found = catalogues(args.locale_dir)
    if not found:
        print(f"no catalogue under {args.locale_dir}", file=sys.stderr)
        return 1
    status = 0
    for po_path in found:
        mo_path = po_path.with_suffix(".mo")
        try:
            data = compiled(po_path)
        except Exception as err:  # a broken catalogue is named; the others go on
            print(f"{po_path}: cannot be compiled: {err}", file=sys.stderr)
            status = 1
            continue
        if args.check:
            if not mo_path.is_file() or mo_path.read_bytes() != data:
                print(f"{mo_path}: missing or older than its catalogue", file=sys.stderr)
                status = 1
            continue
        if not mo_path.is_file() or mo_path.read_bytes() != data:
            mo_path.write_bytes(data)
            print(f"compiled {mo_path.relative_to(args.locale_dir.parent)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
