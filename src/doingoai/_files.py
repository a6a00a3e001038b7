"""Local inputs shared by ``doingoai collect`` and ``doingoai extract``: which
files of a folder are documents, and gzip decompression with a size limit.

Core module: no Django, no third-party import, so that ``doingoai extract``
can use it without loading the collection stack.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from doingoai.errors import CollectError

__all__ = ["DOCUMENT_SUFFIXES", "document_files", "gunzip", "is_gzip"]

#: The file names a folder is searched for (case-insensitive).
DOCUMENT_SUFFIXES: tuple[str, ...] = (
    ".html",
    ".htm",
    ".html.gz",
    ".htm.gz",
    ".txt",
    ".warc",
    ".warc.gz",
)


def document_files(folder: Path) -> Iterator[Path]:
    """The files below ``folder`` whose names end in :data:`DOCUMENT_SUFFIXES`,
    each folder's files in name order before its subfolders (also in name
    order); hidden files and folders are passed over."""
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for filename in sorted(files):
            if not filename.startswith(".") and filename.lower().endswith(DOCUMENT_SUFFIXES):
                yield Path(directory) / filename


def is_gzip(data: bytes) -> bool:
    """Whether ``data`` starts with the gzip magic number."""
    return data[:2] == b"\x1f\x8b"


def gunzip(data: bytes, *, limit: int | None, source: str) -> bytes:
    """Decompress gzip ``data`` (concatenated members make one stream),
    refusing more than ``limit`` bytes of output (``None``: no limit).

    A truncated or corrupt stream raises :class:`CollectError` naming ``source``.
    """
    decomp = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    out = bytearray()
    rest = data
    while True:
        room = 0 if limit is None else limit + 1 - len(out)  # 0: unlimited
        try:
            out += decomp.decompress(rest, room)
        except zlib.error as err:
            raise CollectError(f"corrupt gzip data ({err})", source=source) from err
        if limit is not None and len(out) > limit:
            raise CollectError(f"decompresses to more than {limit} bytes", source=source)
        if decomp.eof:
            rest = decomp.unused_data
            if not rest.strip(b"\x00"):
                return bytes(out)
            decomp = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
            continue
        rest = decomp.unconsumed_tail
        if not rest:
            raise CollectError("truncated gzip data (the stream ends early)", source=source)
