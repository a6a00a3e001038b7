"""The exception tree of doingoai.

    DoingoaiError
    ├── InputError            a document or argument that cannot be used; names the input
    │   ├── DecodeError       bytes that cannot be decoded as text
    │   ├── NoArticleError    a readable document that holds no article
    │   ├── QueryError        a search query that cannot be parsed
    │   └── XliffMismatch     an XLIFF file that does not fit its job; lists every problem
    ├── CollectError          a source that cannot be fetched or read
    │   ├── FetchError        an HTTP fetch that failed (status, timeout, redirects, size)
    │   └── RobotsDisallowed  robots.txt forbids the URL
    ├── ConfigError           a setting that is missing or wrong
    ├── EngineError           a machine-translation engine that gave no usable answer
    │   ├── EngineUnavailable unreachable, timed out, refused the key, model missing
    │   ├── EngineRateLimited still answering 429 after the retries
    │   └── EngineFailed      5xx after the retries, a refused request, or a garbage answer
    └── WorkflowError         a translation-workflow step not allowed now (state, QA errors)
        └── StaleSegment      a segment saved by someone else since it was read

Every error carries a message a user can act on. ``raise ... from err`` keeps
the cause for debugging; the CLI prints only the message.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CollectError",
    "ConfigError",
    "DecodeError",
    "DoingoaiError",
    "EngineError",
    "EngineFailed",
    "EngineRateLimited",
    "EngineUnavailable",
    "FetchError",
    "InputError",
    "NoArticleError",
    "QueryError",
    "RobotsDisallowed",
    "StaleSegment",
    "WorkflowError",
    "XliffMismatch",
]


class DoingoaiError(Exception):
    """Base class of every error doingoai raises on purpose.

    ``DoingoaiError(template, params={...})`` keeps the English ``template``
    and its ``params`` beside the message (``template % params``), so that a
    page can say it in its reader's language (the template is a msgid of the
    translation catalogues); an error made from a plain message has no
    template."""

    def __init__(self, *args: Any, params: dict[str, Any] | None = None) -> None:
        self.template = ""
        self.params: dict[str, Any] = dict(params or {})
        if params is not None and args and isinstance(args[0], str):
            self.template = args[0]
            args = (args[0] % self.params, *args[1:])
        super().__init__(*args)


class InputError(DoingoaiError):
    """A document or argument that cannot be used."""

    def __init__(
        self, message: str, *, source: str | None = None, params: dict[str, Any] | None = None
    ) -> None:
        self.source = source
        said = message % params if params is not None else message
        super().__init__(f"{source}: {said}" if source else said)
        if params is not None:
            self.template, self.params = message, dict(params)


class DecodeError(InputError):
    """Bytes that cannot be decoded as text in any known encoding."""


class NoArticleError(InputError):
    """A readable document that holds no article text."""


class QueryError(InputError):
    """A search query that cannot be parsed. ``code`` names the problem
    (:data:`doingoai.store.search.query.MESSAGES`) and ``params`` its details,
    so that a page can say it in its reader's language."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        code: str = "",
        params: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        super().__init__(message, source=source)
        self.params = dict(params or {})  # after the base class, which resets it


class XliffMismatch(InputError):
    """An XLIFF file that cannot be taken back into its job: another job or
    language pair, segments missing, unknown or duplicated, source text changed.
    ``problems`` lists every one of them; nothing was imported."""

    def __init__(self, problems: list[str], *, source: str | None = None) -> None:
        self.problems = list(problems)
        shown = "; ".join(self.problems[:10])
        more = len(self.problems) - 10
        if more > 0:
            shown += f"; and {more} more"
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"{count} {noun} in the XLIFF file, nothing was imported: {shown}", source=source
        )


class CollectError(DoingoaiError):
    """A source that cannot be fetched or read."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class FetchError(CollectError):
    """An HTTP fetch that failed: status, timeout, too many redirects, too large."""


class RobotsDisallowed(CollectError):
    """robots.txt forbids fetching the URL."""


class ConfigError(DoingoaiError):
    """A setting that is missing or has a wrong value."""


class EngineError(DoingoaiError):
    """A machine-translation engine that gave no usable answer. The message
    names the engine and where it runs (URL or model directory)."""

    def __init__(self, message: str, *, engine: str, where: str = "") -> None:
        self.engine = engine
        self.where = where
        self.reason = message
        super().__init__(f"{engine} ({where}): {message}" if where else f"{engine}: {message}")


class EngineUnavailable(EngineError):
    """The engine cannot be reached or used: connection refused, timeout, key refused, model missing."""


class EngineRateLimited(EngineError):
    """The engine still answers 429 Too Many Requests after the retries."""


class EngineFailed(EngineError):
    """The engine answered, but not usably: 5xx after the retries, a refused
    request, or garbage (wrong count, empty, not JSON, untranslated, wrong script)."""


class WorkflowError(DoingoaiError):
    """A translation-workflow step that is not allowed now: a transition from the
    wrong state, an approval that QA errors block, a file for another job."""


class StaleSegment(WorkflowError):
    """A segment was saved by someone else after the caller read it. The newer
    text is kept; the rejected text travels with the error so no work is lost."""

    def __init__(
        self,
        message: str,
        *,
        rejected: str,
        current: str,
        current_version: int,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.rejected = rejected
        self.current = current
        self.current_version = current_version
        super().__init__(message, params=params)
