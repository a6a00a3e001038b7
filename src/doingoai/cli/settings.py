"""``doingoai settings``: every setting, its current value and what it does."""

from __future__ import annotations

import click

from doingoai.config import SETTINGS, get_setting


@click.command("settings")
def settings_cmd() -> None:
    """Show every DOINGOAI_* setting with its value and help."""
    for s in SETTINGS:
        value = "(set)" if s.name == "SECRET_KEY" and get_setting(s.name) else get_setting(s.name)
        click.echo(f"{s.env}={value}\n    {s.help}")
