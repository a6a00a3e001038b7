"""Hypothesis profiles of the fuzz tests.

``ci`` (the default): a fixed, small budget, derandomised, so every run tries
the same inputs and takes a few seconds per test. ``long`` (``make fuzz``):
fresh random inputs, ``DOINGOAI_FUZZ_EXAMPLES`` of them per test (5,000 by
default). A crash found either way becomes an explicit ``@example`` of its test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("DOINGOAI_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
