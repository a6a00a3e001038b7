"""Fixtures of the reference tests: people per role (the office's), images
made with Pillow, a fact with a value, and uploads kept in a throw-away folder."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from PIL import Image

from doingoai.reference import services
from doingoai.reference.models import Fact
from tests.office.conftest import (  # noqa: F401  (fixtures shared with the office's tests)
    QuickArgon2,
    client_for,
    english_office,
    fresh_cache,
    immediate_tasks,
    machine_translation,
    make_user,
    quick_hashes,
    unit,
)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(width: int = 2000, height: int = 1200, fmt: str = "JPEG", gps: bool = False) -> bytes:
    """A picture drawn here (no photograph of anyone's), optionally with EXIF GPS."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    for x in range(0, width, 50):
        for y in range(0, height, 50):
            image.putpixel((x, y), (255, 220, 0))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Camera maker"  # Make
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 40.0), 3: "E", 4: (105.0, 51.0, 6.0)}
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def editor(make_user: Callable[[str], User]) -> User:  # noqa: F811
    return make_user("editor")


@pytest.fixture
def second_editor(db: None) -> User:
    from django.contrib.auth.models import Group

    user = User.objects.create(username="editor-2")
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture
def population(editor: User) -> Fact:
    fact = services.create_fact(
        editor,
        slug="dan-so-ha-noi",
        name_vi="Dân số Hà Nội",
        name_en="Population of Hà Nội",
        unit="người",
        unit_en="people",
    )
    services.record_value(
        fact,
        editor,
        value="8435700",
        unit="người",
        as_of=date(2023, 12, 31),
        source="Cục Thống kê Hà Nội",
    )
    return fact
