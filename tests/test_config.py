"""Every setting is documented in README.md, and the settings command shows it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from doingoai.cli import cli
from doingoai.config import SETTINGS, get_setting

from .conftest import ROOT


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_documented_in_readme(setting: object) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{setting.env}`" in readme  # type: ignore[attr-defined]


def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOINGOAI_FETCH_DELAY", "2.5")
    assert get_setting("FETCH_DELAY") == "2.5"
    monkeypatch.delenv("DOINGOAI_FETCH_DELAY")
    assert get_setting("FETCH_DELAY") == "1.0"


def test_settings_command_lists_every_setting() -> None:
    out = CliRunner().invoke(cli, ["settings"]).output
    for setting in SETTINGS:
        assert setting.env in out
