"""API tokens: their holders read at the token's rate, and speak for their own units only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.api.api import throttle_cache
from doingoai.api.tokens import check_token, create_token
from doingoai.curation.models import Profile, Unit
from doingoai.errors import InputError

pytestmark = pytest.mark.django_db


@pytest.fixture
def units() -> dict[str, Unit]:
    city = Unit.objects.create(name="UBND thành phố Hà Nội", slug="thanh-pho", kind="city")
    district = Unit.objects.create(
        name="UBND quận Hoàn Kiếm", slug="hoan-kiem", kind="district", parent=city
    )
    ward = Unit.objects.create(
        name="UBND phường Hàng Trống", slug="hang-trong", kind="ward", parent=district
    )
    other = Unit.objects.create(name="UBND quận Ba Đình", slug="ba-dinh", kind="district")
    return {u.slug: u for u in (city, district, ward, other)}


@pytest.fixture
def contributor(units: dict[str, Unit]) -> User:
    user = User.objects.create_user("cong-tac-vien")
    user.groups.add(Group.objects.get(name="unit contributor"))
    Profile.objects.create(user=user, unit=units["hoan-kiem"])
    return user


def test_a_token_for_another_unit_is_refused(contributor: User) -> None:
    with pytest.raises(InputError, match="'ba-dinh' is not one of 'cong-tac-vien'"):
        create_token("cong-tac-vien", unit="ba-dinh")
    with pytest.raises(InputError, match="not one of"):
        create_token("cong-tac-vien", unit="thanh-pho")  # the unit above is not theirs


def test_a_token_for_their_unit_or_one_under_it(contributor: User, units: dict[str, Unit]) -> None:
    assert create_token("cong-tac-vien")[0].unit == units["hoan-kiem"]
    assert create_token("cong-tac-vien", unit="hoan-kiem")[0].unit == units["hoan-kiem"]
    assert create_token("cong-tac-vien", unit="hang-trong")[0].unit == units["hang-trong"]


def test_a_token_no_longer_speaks_for_a_unit_its_user_left(
    contributor: User, units: dict[str, Unit]
) -> None:
    _, secret = create_token("cong-tac-vien", unit="hoan-kiem")
    Profile.objects.filter(user=contributor).update(unit=units["ba-dinh"])
    token = check_token(secret)
    assert token is not None and token.unit is None


def test_the_command_names_the_refusal(contributor: User) -> None:
    from click.testing import CliRunner

    from doingoai.cli import cli

    result = CliRunner().invoke(cli, ["token", "create", "cong-tac-vien", "--unit", "ba-dinh"])
    assert result.exit_code != 0
    assert "not one of" in str(result.exception or "") + result.output


def test_token_holders_read_at_the_token_rate(settings: Any, contributor: User) -> None:
    settings.API_RATE_ANONYMOUS = "2/m"
    settings.API_RATE_TOKEN = "5/m"
    throttle_cache().clear()
    _, secret = create_token("cong-tac-vien")
    client = Client()
    bearer = {"headers": {"Authorization": f"Bearer {secret}"}}
    with_token = [client.get("/api/themes", **bearer).status_code for _ in range(6)]
    assert with_token == [200] * 5 + [429]
    # anonymous readers from the same address keep their own allowance
    assert [client.get("/api/themes").status_code for _ in range(3)] == [200, 200, 429]
    # a made-up token is no token: counted with the anonymous readers
    fake = {"headers": {"Authorization": "Bearer dgo_khong-co-that"}}
    assert client.get("/api/themes", **fake).status_code == 429
