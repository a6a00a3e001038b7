"""Uploaded images: real pictures only, within limits, metadata (GPS) removed,
renditions made."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from doingoai.errors import InputError
from doingoai.reference import images
from tests.reference.conftest import picture


def test_renditions_without_exif_gps() -> None:
    data = picture(gps=True)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload has a position
    prepared = images.prepare(data, "ho-guom.jpg")
    assert [r.width for r in prepared.renditions] == [480, 960, 1600]
    for r in prepared.renditions:
        stored = Image.open(io.BytesIO(r.data))
        assert stored.format == "WEBP" and stored.width == r.width
        assert not stored.getexif()  # no GPS, no camera, nothing
        assert b"Exif" not in r.data and b"Camera maker" not in r.data


def test_a_small_picture_is_not_enlarged() -> None:
    prepared = images.prepare(picture(300, 200, "PNG"), "nho.png")
    assert [(r.width, r.height) for r in prepared.renditions] == [(300, 200)]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "empty"),
        (b"GIF89a this is text pretending", "not an image"),
        (b"<html><body>not a picture</body></html>", "not an image"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG",
        ),
        (picture(fmt="JPEG")[:400], "damaged"),
    ],
)
def test_fake_files_are_refused(data: bytes, said: str) -> None:
    with pytest.raises(InputError, match=said) as caught:
        images.prepare(data, "upload.jpg")
    assert "upload.jpg" in str(caught.value)


def test_oversized_files_and_pictures_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="at most 1,000 are accepted"):
        images.prepare(picture(), "big.jpg")
    monkeypatch.setattr(images, "MAX_BYTES", 10_000_000)
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    with pytest.raises(InputError, match="2000×1200 pixels"):
        images.prepare(picture(), "wide.jpg")
