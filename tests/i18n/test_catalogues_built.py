"""The compiled catalogues are built by the install, not committed: Git
ignores ``.mo`` files and ``make install`` compiles them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_compiled_catalogues_are_ignored_and_built_by_the_install() -> None:
    ignored = (ROOT / ".gitignore").read_text("utf-8").split()
    assert "*.mo" in ignored
    makefile = (ROOT / "Makefile").read_text("utf-8")
    install = re.search(r"^install:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert install is not None and "scripts/compile_messages.py" in install.group(1)
