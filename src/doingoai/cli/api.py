"""``doingoai token``: API tokens for units and translators."""

from __future__ import annotations

import click

from doingoai.cli._i18n import _

__all__ = ["token"]


@click.group()
def token() -> None:
    """API tokens: writes through the JSON API need one."""


@token.command("create")
@click.argument("username")
@click.option(
    "--unit", default=None, help="Slug of the unit the token submits for (default: the user's)."
)
@click.option("--name", default="", help="What the token is for, to tell tokens apart.")
def create(username: str, unit: str | None, name: str) -> None:
    """Create a token acting as USERNAME and print it (it is shown only this once)."""
    from doingoai.project import setup

    setup()
    from doingoai.api.tokens import create_token

    made, secret = create_token(username, unit=unit, name=name)
    click.echo(secret)
    unit_name = made.unit.slug if made.unit else _("no unit")
    click.echo(
        _("token %(prefix)s… for %(user)s (%(unit)s); store it now: it is not shown again")
        % {"prefix": made.prefix, "user": username, "unit": unit_name},
        err=True,
    )
