"""Shared fixtures: where ../shared/data is, and a database per test via pytest-django."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.pg_server"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "000_e22b331b8597d28b.txt"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not SHARED_DATA.is_dir():
        raise pytest.UsageError(f"the shared test data is missing: {SHARED_DATA}")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED
