"""Images the office uploads for its reference pages, read with Pillow.

:func:`prepare` refuses what is not a real raster image (a renamed text
file, an SVG, a truncated file), a file or a picture too large, and returns
renditions of the widths in :data:`WIDTHS` (never wider than the original),
re-encoded from the pixels alone: no EXIF (GPS position, camera, owner), no
XMP or other metadata survives, and the orientation EXIF asked for is
applied to the pixels first. No Django here.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from doingoai.errors import InputError

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_PIXELS",
    "WIDTHS",
    "Prepared",
    "Rendition",
    "prepare",
]

#: rendition widths in pixels
WIDTHS: tuple[int, ...] = (480, 960, 1600)
#: the largest file accepted
MAX_BYTES = 10_000_000
#: the most pixels accepted (a decompression bomb is refused before decoding)
MAX_PIXELS = 40_000_000
#: the formats accepted, as Pillow names them
FORMATS: frozenset[str] = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    data: bytes
    extension: str
    content_type: str


@dataclass(frozen=True)
class Prepared:
    """The checked image: its size, the hash of the upload and its renditions
    (the widest first is the one pages show by default)."""

    width: int
    height: int
    sha256: str
    source_format: str
    renditions: list[Rendition]


def N_(message: str) -> str:
    """Marks an English message the catalogues translate (the office says it in Vietnamese)."""
    return message


def _refuse(name: str, message: str, **params: object) -> InputError:
    return InputError(message, params={"file": name, **params})


def prepare(data: bytes, name: str = "image") -> Prepared:
    """Check the upload ``data`` (named ``name`` in messages) and make its renditions."""
    if not data:
        raise _refuse(name, N_("%(file)s: the file is empty"))
    if len(data) > MAX_BYTES:
        raise _refuse(
            name,
            N_("%(file)s: the file is %(size)s bytes; at most %(limit)s are accepted"),
            size=f"{len(data):,}",
            limit=f"{MAX_BYTES:,}",
        )
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise _refuse(
            name,
            N_(
                "%(file)s: SVG images are not accepted (they can carry scripts); upload PNG or JPEG"
            ),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            fmt = probe.format or ""
            if fmt not in FORMATS:
                raise _refuse(
                    name,
                    N_("%(file)s: %(format)s images are not accepted (JPEG, PNG, WebP or GIF)"),
                    format=fmt or "?",
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise _refuse(
                    name,
                    N_(
                        "%(file)s: the picture is %(size)s pixels; at most %(limit)s pixels are accepted"
                    ),
                    size=f"{probe.width}×{probe.height}",
                    limit=f"{MAX_PIXELS:,}",
                )
            probe.verify()
            opened = Image.open(io.BytesIO(data))
            if fmt == "JPEG":
                # decode a large JPEG at a reduced scale that still leaves the
                # long side at twice the widest rendition (much less work)
                longest = 2 * max(WIDTHS)
                scale = min(1.0, longest / max(opened.size))
                opened.draft("RGB", (int(opened.width * scale), int(opened.height * scale)))
            opened.load()
    except InputError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as err:
        raise _refuse(name, N_("%(file)s: this is not an image (JPEG, PNG, WebP or GIF)")) from err
    except (OSError, SyntaxError, ValueError) as err:
        raise _refuse(
            name, N_("%(file)s: the image is damaged or cut short (%(why)s)"), why=str(err)
        ) from err
    picture: Image.Image = ImageOps.exif_transpose(opened) or opened
    has_alpha = picture.mode in ("RGBA", "LA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    renditions: list[Rendition] = []
    widths = sorted({min(w, picture.width) for w in WIDTHS}, reverse=True)
    # each rendition is made from the next larger one (the widest from the
    # original), LANCZOS with a reducing gap: the same look, a fraction of the work
    source = picture
    for width in widths:
        height = max(1, round(picture.height * width / picture.width))
        if width != source.width:
            source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        out = io.BytesIO()
        # a new image from the pixels: nothing of the original's metadata is passed on
        source.save(out, "WEBP", quality=82, method=4)
        renditions.append(Rendition(width, height, out.getvalue(), "webp", "image/webp"))
    renditions.reverse()  # narrowest first
    return Prepared(
        width=picture.width,
        height=picture.height,
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=fmt,
        renditions=renditions,
    )
