"""Ingest on a Dask distributed cluster: workers collect, extract and enrich;
this process stores.

:func:`cluster_documents` is the cluster's way to run the stages of
:func:`doingoai.store.ingest.ingest` that need no database: the sources are
cut into units of work (a few files of a folder, one WARC archive, one URL,
feed, URL list or sitemap), each unit is sent to a worker, which collects its
documents and prepares them (:func:`doingoai.enrich.prepare.collect_and_prepare`),
and the results come back to this process as they are done, where the ingest
stores them, in batches, as the one writer of the database. A document is
stored once whatever happens on the way: the writer checks the sha256 of its
bytes against the database, so a unit done twice (its worker died and the
scheduler gave it to another one, or a second run) adds nothing.

Only units in flight are held: a few per worker thread. Every machine of the
cluster needs doingoai installed with the ``cluster`` extra (the same version
as this one) and must see the files given as paths at the same place (a shared
or copied folder); URLs are fetched by the workers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from doingoai._files import document_files
from doingoai.collect import RawDocument
from doingoai.config import get_setting
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import Collected, collect_and_prepare
from doingoai.errors import ConfigError

LOG = logging.getLogger(__name__)

__all__ = ["CONNECT_TIMEOUT", "FILES_PER_UNIT", "cluster_address", "cluster_documents"]

#: files of a folder sent to a worker as one unit of work
FILES_PER_UNIT = 16
#: seconds to wait for the scheduler to answer before giving up
CONNECT_TIMEOUT = 10.0
#: units in flight per worker thread
_UNITS_PER_THREAD = 3
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)


def cluster_address(cluster: str | None = None) -> str:
    """The scheduler to use: ``cluster``, else the setting DOINGOAI_INGEST_CLUSTER
    ("" when ingest runs on this machine)."""
    value = (cluster if cluster is not None else get_setting("INGEST_CLUSTER")).strip()
    if value and not _URL.match(value):
        raise ConfigError(
            f"Dask scheduler address {value!r} is not an address like tcp://HOST:8786 "
            "(--cluster or DOINGOAI_INGEST_CLUSTER)"
        )
    return value


def _units(sources: Iterable[str], per_unit: int) -> Iterator[list[tuple[str, str]]]:
    """The sources cut into units of work: ``(where, name)`` pairs (see
    :func:`collect_and_prepare`), the files of a folder ``per_unit`` at a time."""
    for source in sources:
        if source == "-":
            raise ConfigError(
                "standard input ('-') cannot be sent to a cluster: save it to a file first"
            )
        if _URL.match(source):
            yield [(source, source)]
            continue
        path = Path(source)
        if not path.is_dir():
            yield [(str(path.absolute()), source)]
            continue
        batch: list[tuple[str, str]] = []
        found = False
        for file in document_files(path):
            found = True
            batch.append((str(file.absolute()), str(file)))
            if len(batch) >= per_unit:
                yield batch
                batch = []
        if batch:
            yield batch
        if not found:
            yield [(str(path.absolute()), source)]  # the worker reports the empty folder


def _client(address: str, timeout: float) -> Any:
    try:
        from distributed import Client
    except ImportError as err:
        raise ConfigError(
            "ingest on a cluster needs Dask distributed: pip install 'doingoai[cluster]'"
        ) from err
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
            f"(--cluster or DOINGOAI_INGEST_CLUSTER): {err}"
        ) from err


def cluster_documents(
    sources: Iterable[str],
    *,
    address: str,
    enricher: Enricher,
    overrides: Callable[[RawDocument], dict[str, object]] | None = None,
    per_unit: int = FILES_PER_UNIT,
    timeout: float | None = None,
) -> Iterator[Collected]:
    """Collected and prepared documents of ``sources``, from the cluster's workers,
    in the order their units are done (see :func:`collect_and_prepare`).

    A unit that fails on every worker it is given to (its worker process dies
    each time) comes back as a failure of each of its sources, named.
    """
    from distributed import as_completed

    client = _client(address, CONNECT_TIMEOUT if timeout is None else timeout)
    try:
        threads = sum(client.nthreads().values()) or 1
        window = max(4, _UNITS_PER_THREAD * threads)
        units = _units(sources, per_unit)
        pending: dict[Any, list[tuple[str, str]]] = {}

        def submit() -> Any | None:
            unit = next(units, None)
            if unit is None:
                return None
            future = client.submit(collect_and_prepare, unit, enricher, overrides, pure=False)
            pending[future] = unit
            return future

        started = [f for f in (submit() for _ in range(window)) if f is not None]
        done = as_completed(started, loop=client.loop)
        for future in done:
            unit = pending.pop(future)
            try:
                results: list[Collected] = future.result()
            except Exception as err:  # KilledWorker, a failure outside the preparation
                reason = f"the cluster could not process it: {type(err).__name__}: {err}"
                LOG.warning("cluster ingest: a unit of %d sources failed: %s", len(unit), reason)
                results = [(name, None, None, reason) for _, name in unit]
            future.release()
            following = submit()
            if following is not None:
                done.add(following)
            yield from results
    finally:
        client.close()
