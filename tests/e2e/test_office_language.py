"""The office in a Vietnamese browser: the sign-in page, the office and the
admin in Vietnamese (``<html lang="vi">``), then the person switches to
English and the choice stays with them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from doingoai.curation.models import Profile
from tests.e2e.conftest import Shots
from tests.office.conftest import reseed

PASSWORD = "Hồ Gươm 1428 Tháp Rùa"

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def quick_hashes(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]


@pytest.fixture
def editor(live_server: LiveServer) -> User:
    reseed()
    user = User.objects.create_user("bien-tap-vien", password=PASSWORD, is_staff=True)
    user.is_superuser = True
    user.save()
    user.groups.add(Group.objects.get(name="editor"))
    Profile.objects.create(user=user)
    return user


def test_an_editor_works_in_vietnamese_then_picks_english(
    live_server: LiveServer, page: Page, shot: Shots, editor: User
) -> None:
    page.goto(f"{live_server.url}/office/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    shot("dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(editor.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trang nghiệp vụ")
    navigation = page.get_by_role("navigation", name="Trang nghiệp vụ")
    expect(navigation.get_by_role("link", name="Hộp thư đến")).to_be_visible()
    shot("trang-nghiep-vu")
    navigation.get_by_role("link", name="Quản trị").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Lượt thu thập")).to_be_visible()
    expect(page.get_by_role("link", name="Cơ quan báo chí")).to_be_visible()
    shot("quan-tri")
    page.goto(f"{live_server.url}/office/")
    page.get_by_label("Hiển thị bằng").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Back office")
    expect(page.locator(".messages")).to_contain_text("The office now speaks English.")
    shot("back-office")
    assert Profile.objects.get(user=editor).language == "en"
