"""Whether the tests run in CI (``CI=true``): there a missing service or a
skipped test fails the run instead of being passed over."""

from __future__ import annotations

import os


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
