"""The public API of doingoai.text: explicit, importable, light to import."""

from __future__ import annotations

import subprocess
import sys

import doingoai.text as text


def test_all_is_explicit_and_importable() -> None:
    assert text.__all__ == sorted(text.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n))
    assert len(set(text.__all__)) == len(text.__all__)
    for name in text.__all__:
        assert not name.startswith("_")
        assert getattr(text, name) is not None


def test_import_pulls_in_neither_django_nor_a_segmenter() -> None:
    code = (
        "import sys, doingoai.text; "
        "print(sorted(m for m in ('django', 'underthesea', 'pyvi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
