"""How doingoai logs: Django's LOGGING built from two settings.

``DOINGOAI_LOG_FORMAT`` is ``plain`` (one line of text per record) or
``json`` (JSON lines, through python-json-logger, for a log collector);
``DOINGOAI_LOG_LEVEL`` is the level of the ``doingoai`` loggers (``WARNING``
by default; ``INFO`` adds a line per request, per ingest run and per
background task). Errors of requests (a 500) are always logged with their
traceback. Everything goes to standard error. No reader's address or
identifier is ever logged.

No Django import here: the settings module calls :func:`logging_config`.
"""

from __future__ import annotations

import logging
from typing import Any

from doingoai.errors import ConfigError

__all__ = ["logging_config"]


def logging_config(fmt: str, level: str = "WARNING") -> dict[str, Any]:
    """The LOGGING dictionary for ``fmt`` (plain or json) and ``level``."""
    fmt = fmt.strip().lower()
    level = level.strip().upper()
    if fmt not in {"plain", "json"}:
        raise ConfigError(f"DOINGOAI_LOG_FORMAT={fmt!r}: use 'plain' or 'json'")
    if not isinstance(logging.getLevelName(level), int):
        raise ConfigError(f"DOINGOAI_LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING or ERROR")
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if fmt == "json"
        else {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "main",
            },
        },
        "loggers": {
            "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
            "doingoai": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
    }
