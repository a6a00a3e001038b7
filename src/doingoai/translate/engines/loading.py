"""Choose an engine from settings: a name or dotted path plus options.

The ``MT_ENGINE`` setting (environment variable ``DOINGOAI_MT_ENGINE``) holds
one of

* a short name: ``dummy``, ``ctranslate2``, ``libretranslate``, ``openai``;
* a dotted path to an engine class: ``mypackage.engines.MyEngine``;
* JSON, as wagtail-localize configures its machine translator:
  ``{"CLASS": "libretranslate", "OPTIONS": {"url": "http://mt:5000"}}``.

:func:`load_engine` takes the same forms (a dict, a string, or None for the
setting). Given only a name (``doingoai translate --engine NAME``), the options
come from the setting when it configures the same class, so a key or URL is
written once.

The setting's default, the dummy engine, marks text ("[en] …") and does not
translate: :func:`engine_set_up` says whether an office has chosen an engine,
and :class:`NoEngine` stands in for one while it has not, so that
pre-translation fills segments from the translation memory only and says why.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from doingoai.config import get_setting
from doingoai.errors import ConfigError
from doingoai.translate.engines.base import Engine

__all__ = ["ENGINES", "MT_SETTING", "NoEngine", "engine_set_up", "load_engine"]

#: the environment variable naming the machine-translation engine
MT_SETTING = "DOINGOAI_MT_ENGINE"

#: Short names of the engines shipped with doingoai.
ENGINES: dict[str, str] = {
    "dummy": "doingoai.translate.engines.dummy.DummyEngine",
    "ctranslate2": "doingoai.translate.engines.ct2.CTranslate2Engine",
    "libretranslate": "doingoai.translate.engines.libretranslate.LibreTranslateEngine",
    "openai": "doingoai.translate.engines.openai_compatible.OpenAICompatibleEngine",
}


def _parse(config: Mapping[str, Any] | str, where: str) -> tuple[str, dict[str, Any]]:
    if isinstance(config, str):
        text = config.strip()
        if not text.startswith("{"):
            if not text:
                raise ConfigError(f"{where}: empty engine name")
            return text, {}
        try:
            config = json.loads(text)
        except ValueError as err:
            raise ConfigError(f"{where}: not valid JSON: {err}") from err
        if not isinstance(config, dict):
            raise ConfigError(f"{where}: expected a JSON object with CLASS and OPTIONS")
    keys = {str(k).upper(): v for k, v in config.items()}
    unknown = set(keys) - {"CLASS", "OPTIONS"}
    if unknown:
        raise ConfigError(
            f"{where}: unknown keys {', '.join(sorted(unknown))} (use CLASS and OPTIONS)"
        )
    cls = keys.get("CLASS")
    options = keys.get("OPTIONS") or {}
    if not isinstance(cls, str) or not cls:
        raise ConfigError(
            f"{where}: CLASS must name an engine ({', '.join(ENGINES)}) or a dotted path"
        )
    if not isinstance(options, dict):
        raise ConfigError(f"{where}: OPTIONS must be an object")
    return cls, dict(options)


def _class(name: str, where: str) -> type:
    path = ENGINES.get(name.lower(), name)
    module_name, _, attr = path.rpartition(".")
    if not module_name:
        raise ConfigError(
            f"{where}: unknown engine {name!r}: use one of {', '.join(ENGINES)} or a dotted path"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise ConfigError(f"{where}: cannot import {module_name!r}: {err}") from err
    cls = getattr(module, attr, None)
    if not isinstance(cls, type):
        raise ConfigError(f"{where}: {module_name!r} has no class {attr!r}")
    return cls


def load_engine(config: Mapping[str, Any] | str | None = None) -> Engine:
    """The engine ``config`` describes (the ``MT_ENGINE`` setting when None).

    Raises :class:`~doingoai.errors.ConfigError` naming the setting for an
    unknown class, a bad option or a class that is not an engine."""
    configured = get_setting("MT_ENGINE")
    where = "DOINGOAI_MT_ENGINE" if config is None else "engine"
    name, options = _parse(configured if config is None else config, where)
    cls = _class(name, where)
    if config is not None and not options and isinstance(config, str):
        try:
            set_name, set_options = _parse(configured, "DOINGOAI_MT_ENGINE")
            if _class(set_name, "DOINGOAI_MT_ENGINE") is cls:
                options = set_options
        except ConfigError:
            pass
    try:
        engine = cls(**options)
    except TypeError as err:
        raise ConfigError(f"{where}: bad options for {cls.__name__}: {err}") from err
    if not isinstance(engine, Engine):
        raise ConfigError(
            f"{where}: {cls.__module__}.{cls.__name__} is not an engine "
            "(it needs name, translate() and languages())"
        )
    return engine


def engine_set_up() -> bool:
    """Whether a machine-translation engine is chosen in ``DOINGOAI_MT_ENGINE``.

    Its default, the dummy engine, is no engine for translating; naming one
    in the variable (even ``dummy``, as the tests do) sets it up."""
    return bool(os.environ.get(MT_SETTING, "").strip())


class NoEngine:
    """Stands in for an engine while none is set up: every batch fails with
    :class:`~doingoai.errors.EngineUnavailable` saying so, and pre-translation
    goes on from the translation memory alone."""

    name = ""

    def languages(self) -> set[tuple[str, str]] | None:
        return None

    def translate(
        self, texts: Sequence[str], *, source_lang: str, target_lang: str, glossary: Any = ()
    ) -> list[str]:
        from doingoai.errors import EngineUnavailable

        raise EngineUnavailable(
            f"no engine is set up ({MT_SETTING} is not set)", engine="machine translation"
        )
