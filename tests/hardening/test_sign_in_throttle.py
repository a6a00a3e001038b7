"""Sign-in is throttled per address as well as per user name and address.

Twelve user names from one address were never slowed: each got its own five
tries. Now the address is locked after twenty failures whatever the names.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "Hồ Gươm 2025 sáng"
ATTACKER = "198.51.100.7"


@pytest.fixture
def editor() -> User:
    user = User.objects.create_user("bien-tap", password=PASSWORD)
    user.groups.add(Group.objects.get(name="editor"))
    return user


def sign_in(username: str, password: str, address: str) -> int:
    response = Client().post(
        "/office/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def test_many_user_names_from_one_address_lock_the_address(editor: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OFFICE_SIGN_IN_ADDRESS_ATTEMPTS = 20
    answers = [sign_in(f"nguoi-{n}", "sai", ATTACKER) for n in range(12) for _ in range(2)]
    # two tries for each of twelve names: never five for one name, yet locked at twenty
    assert answers[:19] == [200] * 19
    assert answers[19:] == [429] * 5
    # the right password of a real account is refused from that address now
    assert sign_in("bien-tap", PASSWORD, ATTACKER) == 429
    # and the editor signs in from their own address
    assert sign_in("bien-tap", PASSWORD, "203.0.113.5") == 302


def test_a_success_does_not_clear_the_address_count(editor: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OFFICE_SIGN_IN_ADDRESS_ATTEMPTS = 6
    User.objects.create_user("cua-toi", password=PASSWORD)
    answers = [sign_in(f"khach-{n}", "sai", ATTACKER) for n in range(3)]
    assert sign_in("cua-toi", PASSWORD, ATTACKER) == 302  # one's own account
    answers += [sign_in(f"khach-{n}", "sai", ATTACKER) for n in range(3, 6)]
    assert answers == [200, 200, 200, 200, 200, 429]
