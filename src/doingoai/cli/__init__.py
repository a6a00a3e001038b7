"""The ``doingoai`` command: thin wrappers over the core and the apps.

Subcommands are imported lazily, so ``doingoai extract`` never pays for
Django start-up.
"""

from __future__ import annotations

import importlib
import sys

import click

from doingoai.cli._i18n import _, cli_language
from doingoai.errors import DoingoaiError

__all__ = ["main"]

# command name -> "module:attribute" of its click command
_COMMANDS: dict[str, str] = {
    "extract": "doingoai.cli.extract:extract",
    "migrate": "doingoai.cli.store:migrate",
    "ingest": "doingoai.cli.store:ingest",
    "search": "doingoai.cli.store:search",
    "demo": "doingoai.cli.demo:demo",
    "serve": "doingoai.cli.web:serve",
    "stats": "doingoai.cli.store:stats",
    "settings": "doingoai.cli.settings:settings_cmd",
    "translate": "doingoai.cli.translate:translate",
    "xliff": "doingoai.cli.translate:xliff",
    "tm": "doingoai.cli.translate:tm",
    "terms": "doingoai.cli.translate:terms",
    "qa": "doingoai.cli.translate:qa",
    "token": "doingoai.cli.api:token",
    "worker": "doingoai.cli.office:worker",
    "report": "doingoai.cli.report:report",
    "users": "doingoai.cli.users:users",
    "backup": "doingoai.cli.backup:backup",
    "restore": "doingoai.cli.backup:restore",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup)
@click.version_option(package_name="doingoai")
def cli() -> None:
    """doingoai: collect, extract, curate, translate, publish and report
    external information, made for Vietnamese."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the command and turns doingoai's errors into clear messages."""
    try:
        cli_language()  # a language the command does not speak is refused first
        code = cli.main(args=argv, prog_name="doingoai", standalone_mode=False)
        # Without standalone mode click returns the code of ``ctx.exit(n)``.
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo(_("Aborted."), err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except DoingoaiError as err:
        click.echo(_("error: %(problem)s") % {"problem": err}, err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo(_("Interrupted."), err=True)
        sys.exit(130)
