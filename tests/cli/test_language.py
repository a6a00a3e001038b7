"""The command speaks Vietnamese by default and English when asked
(``DOINGOAI_CLI_LANGUAGE``, else the locale); its plurals follow the language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from doingoai.cli._i18n import cli_language
from doingoai.errors import ConfigError


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "vi"),
        ({"LANG": "C.UTF-8"}, "vi"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "fr_FR.UTF-8"}, "vi"),
        ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_GB.UTF-8"}, "vi"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"DOINGOAI_CLI_LANGUAGE": "en", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"DOINGOAI_CLI_LANGUAGE": "vi", "LANG": "en_US.UTF-8"}, "vi"),
        ({"DOINGOAI_CLI_LANGUAGE": "en-GB"}, "en"),
    ],
)
def test_the_language_of_the_command(environ: dict[str, str], expected: str) -> None:
    assert cli_language(environ) == expected


def test_a_language_the_command_does_not_speak_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="DOINGOAI_CLI_LANGUAGE='klingon'"):
        cli_language({"DOINGOAI_CLI_LANGUAGE": "klingon"})


def _run(tmp_path: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DOINGOAI_CLI_LANGUAGE", "LANG"}}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-m", "doingoai", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


@pytest.mark.parametrize(
    ("environ", "one", "two"),
    [
        ({}, "1 tài liệu lỗi", "2 tài liệu lỗi"),
        ({"DOINGOAI_CLI_LANGUAGE": "en"}, "1 document failed", "2 documents failed"),
        ({"LANG": "en_US.UTF-8"}, "1 document failed", "2 documents failed"),
    ],
)
def test_messages_and_plurals_in_the_commands_language(
    tmp_path: Path, environ: dict[str, str], one: str, two: str
) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    other = tmp_path / "other.html"
    other.write_bytes(b"")
    assert one in _run(tmp_path, "extract", str(empty), **environ).stderr
    assert two in _run(tmp_path, "extract", str(empty), str(other), **environ).stderr


def test_a_wrong_language_setting_stops_the_command_with_its_name(tmp_path: Path) -> None:
    done = _run(tmp_path, "extract", "nothing.html", DOINGOAI_CLI_LANGUAGE="xx")
    assert done.returncode == 2
    assert "DOINGOAI_CLI_LANGUAGE='xx'" in done.stderr
    assert "Traceback" not in done.stderr
