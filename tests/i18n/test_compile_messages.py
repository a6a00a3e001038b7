"""scripts/compile_messages.py: what the install runs to compile the catalogues."""

from __future__ import annotations

import gettext
import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "doingoai" / "locale"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "scripts" / "compile_messages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    """A copy of the Vietnamese and English catalogues, not yet compiled."""
    for lang in ("vi", "en"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(LOCALE / lang / "LC_MESSAGES" / "django.po", folder / "django.po")
    return tmp_path


def test_compiles_every_catalogue_into_what_gettext_reads(locale: Path) -> None:
    compile_messages = script()
    assert compile_messages.main(["--locale-dir", str(locale), "--check"]) == 1
    assert compile_messages.main(["--locale-dir", str(locale)]) == 0
    with (locale / "vi" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        vi = gettext.GNUTranslations(handle)
    assert vi.gettext("Inbox") == "Hộp thư đến"
    assert vi.pgettext("job state", "in review") == "đang duyệt"
    assert vi.ngettext("%(count)s result", "%(count)s results", 5) == "%(count)s kết quả"
    assert compile_messages.main(["--locale-dir", str(locale), "--check"]) == 0
    # a second run writes nothing: the compiled files are already what they should be
    stamp = (locale / "vi" / "LC_MESSAGES" / "django.mo").stat().st_mtime_ns
    assert compile_messages.main(["--locale-dir", str(locale)]) == 0
    assert (locale / "vi" / "LC_MESSAGES" / "django.mo").stat().st_mtime_ns == stamp


def test_a_broken_catalogue_is_named_and_the_others_are_compiled(
    locale: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = locale / "en" / "LC_MESSAGES" / "django.po"
    broken.write_text('msgid "Inbox"\nmsgstr "Inbox\n', encoding="utf-8")
    assert script().main(["--locale-dir", str(locale)]) == 1
    assert str(broken) in capsys.readouterr().err
    assert (locale / "vi" / "LC_MESSAGES" / "django.mo").is_file()
    assert not (locale / "en" / "LC_MESSAGES" / "django.mo").exists()
    assert broken.read_text(encoding="utf-8") == 'msgid "Inbox"\nmsgstr "Inbox\n'


def test_no_catalogue_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert script().main(["--locale-dir", str(tmp_path)]) == 1
    assert str(tmp_path) in capsys.readouterr().err
