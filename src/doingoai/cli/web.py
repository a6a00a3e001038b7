"""``doingoai serve``: the portal and back office on a production WSGI server (gunicorn)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from typing import Any

import click

from doingoai.cli._i18n import ngettext
from doingoai.config import get_setting
from doingoai.errors import ConfigError
from doingoai.project import setup

#: gunicorn's worker classes `doingoai serve` offers (see DOINGOAI_WEB_WORKER_CLASS)
WORKER_CLASSES = ("gthread", "sync")


def check_secret_key() -> None:
    """Refuse to serve without a secret key, outside debug and demo mode."""
    from django.conf import settings

    if settings.DEBUG or settings.SECRET_KEY_IS_SET:
        return
    raise ConfigError(
        "no secret key: set DOINGOAI_SECRET_KEY to a long random value, e.g. "
        "DOINGOAI_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); "
        "or set up a demo database with `doingoai demo` (it keeps its own key), "
        "or set DOINGOAI_DEBUG=1 for development only"
    )


def _metrics_folder() -> None:
    """Give prometheus_client's multiprocess mode a fresh folder (unless one is
    set), so /metrics adds up the request counts of every worker process. Set
    before the application is imported: the metrics choose their storage then."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    folder = tempfile.mkdtemp(prefix="doingoai-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    atexit.register(shutil.rmtree, folder, True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes [default: DOINGOAI_WEB_WORKERS].",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="Threads of each worker [default: DOINGOAI_WEB_THREADS].",
)
@click.option(
    "--worker-class",
    type=click.Choice(WORKER_CLASSES),
    default=None,
    help="gthread or sync [default: DOINGOAI_WEB_WORKER_CLASS]; see the README.",
)
def serve(
    host: str, port: int, workers: int | None, threads: int | None, worker_class: str | None
) -> None:
    """Serve the portal (/vi/, /en/…) with gunicorn; migrates the database first."""
    kind = worker_class or get_setting("WEB_WORKER_CLASS")
    if kind not in WORKER_CLASSES:
        raise ConfigError(
            f"DOINGOAI_WEB_WORKER_CLASS is {kind!r}: it must be one of {', '.join(WORKER_CLASSES)}"
        )
    _metrics_folder()
    setup(migrate=False)
    check_secret_key()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    from gunicorn.app.base import BaseApplication

    from doingoai.project.wsgi import application

    count = workers or int(get_setting("WEB_WORKERS"))
    per_worker = threads or int(get_setting("WEB_THREADS"))

    class _Server(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": count,
                "worker_class": kind,
                # a sync worker takes one request at a time (gunicorn would make
                # a sync worker with threads a gthread one)
                "threads": per_worker if kind == "gthread" else 1,
                "keepalive": 5,
                # gunicorn's largest request line (its default, about 4 KB, answered a
                # long search address with its own bare 400 page, not the portal's)
                "limit_request_line": 8190,
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "doingoai",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    click.echo(
        ngettext(
            "Serving on %(url)s (%(count)d worker); Ctrl-C stops.",
            "Serving on %(url)s (%(count)d workers); Ctrl-C stops.",
            count,
        )
        % {"url": f"http://{host}:{port}/", "count": count}
    )
    _Server().run()
