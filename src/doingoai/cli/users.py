"""``doingoai users``: staff accounts from the command line (a thin layer over
:mod:`doingoai.office.accounts`)."""

from __future__ import annotations

import json
import sys

import click

from doingoai.cli._i18n import _

__all__ = ["users"]

_ROLE_HELP = (
    "A role: administrator, editor, translator, reviewer or 'unit contributor' "
    "(repeat for several)."
)


def _setup() -> None:
    from doingoai.project import setup

    setup()


def _split(values: tuple[str, ...]) -> list[str]:
    return [v for value in values for v in value.split(",") if v.strip()]


def _read_password(stdin: bool) -> str | None:
    """The password given on standard input (its first line), or None for a random one."""
    if not stdin:
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise click.UsageError(_("--password-stdin: standard input gave no password"))
    return line


@click.group()
def users() -> None:
    """Staff accounts: create, give roles, a unit and languages, reset a password, list."""


@users.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, help=_ROLE_HELP)
@click.option("--unit", default=None, help="Slug of the person's unit.")
@click.option(
    "--languages", "languages", multiple=True, help="Working languages, e.g. en,fr (translators)."
)
@click.option("--email", default="", help="E-mail address.")
@click.option(
    "--language",
    "office_language",
    default=None,
    help="The language the office speaks to the person: vi or en ('' follows their browser).",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
def create(
    username: str,
    roles: tuple[str, ...],
    unit: str | None,
    languages: tuple[str, ...],
    email: str,
    office_language: str | None,
    password_stdin: bool,
) -> None:
    """Create USERNAME; without --password-stdin a random password is printed, once."""
    _setup()
    from doingoai.office.accounts import create_user

    given = _read_password(password_stdin)
    user, secret = create_user(
        username,
        roles=_split(roles),
        unit=unit,
        languages=_split(languages),
        email=email,
        password=given,
        office_language=office_language,
        actor="doingoai users",
    )
    held = ", ".join(g.name for g in user.groups.order_by("name")) or _("no role")
    click.echo(
        _("created %(user)s (%(roles)s)") % {"user": user.get_username(), "roles": held}, err=True
    )
    if given is None:
        click.echo(secret)
        click.echo(_("the password is shown only this once: pass it on now"), err=True)


@users.command("set")
@click.argument("username")
@click.option("--role", "roles", multiple=True, help=_ROLE_HELP + " Replaces the roles held.")
@click.option("--no-roles", is_flag=True, help="Take every role away.")
@click.option("--unit", default=None, help="Slug of the person's unit.")
@click.option("--no-unit", is_flag=True, help="Take the unit away.")
@click.option("--languages", "languages", multiple=True, help="Working languages; replaces them.")
@click.option("--active/--inactive", default=None, help="Whether the account may sign in.")
@click.option(
    "--language",
    "office_language",
    default=None,
    help="The language the office speaks to the person: vi or en ('' follows their browser).",
)
def set_(
    username: str,
    roles: tuple[str, ...],
    no_roles: bool,
    unit: str | None,
    no_unit: bool,
    languages: tuple[str, ...],
    active: bool | None,
    office_language: str | None,
) -> None:
    """Change USERNAME's roles, unit, languages, office language or whether it may sign in."""
    if roles and no_roles:
        raise click.UsageError(_("give --role or --no-roles, not both"))
    if unit is not None and no_unit:
        raise click.UsageError(_("give --unit or --no-unit, not both"))
    _setup()
    from doingoai.office.accounts import KEEP, update_user

    user = update_user(
        username,
        roles=[] if no_roles else (_split(roles) or None),
        unit=None if no_unit else (KEEP if unit is None else unit),
        languages=_split(languages) or None,
        active=active,
        office_language=office_language,
        actor="doingoai users",
    )
    held = ", ".join(g.name for g in user.groups.order_by("name")) or _("no role")
    click.echo(f"{user.get_username()}: {held}")


@users.command("password")
@click.argument("username")
@click.option(
    "--password-stdin", is_flag=True, help="Read the new password from standard input (one line)."
)
def password(username: str, password_stdin: bool) -> None:
    """Reset USERNAME's password; without --password-stdin a random one is printed, once."""
    _setup()
    from doingoai.office.accounts import reset_password

    given = _read_password(password_stdin)
    secret = reset_password(username, given, actor="doingoai users")
    if given is None:
        click.echo(secret)
        click.echo(
            _("new password of %(user)s: shown only this once") % {"user": username}, err=True
        )
    else:
        click.echo(_("password of %(user)s changed") % {"user": username}, err=True)


@users.command("list")
@click.option("--role", default=None, help="Only the holders of this role.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def list_(role: str | None, fmt: str) -> None:
    """Every account with its roles, unit, languages and last sign-in."""
    _setup()
    from doingoai.office.accounts import list_users

    found = list_users(role=role)
    if fmt == "json":
        click.echo(json.dumps([a.as_dict() for a in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(_("no account yet: doingoai users create NAME --role editor"))
        return
    rows = [
        (
            a.username,
            ", ".join(a.roles) or "—",
            a.unit or "—",
            ",".join(a.languages) or "—",
            a.office_language or "—",
            _("yes") if a.active else _("no"),
            a.last_login or _("never"),
        )
        for a in found
    ]
    head = (
        _("user"),
        _("roles"),
        _("unit"),
        _("languages"),
        _("office language"),
        _("active"),
        _("last sign-in"),
    )
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
