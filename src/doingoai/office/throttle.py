"""Sign-in throttling: after ``OFFICE_SIGN_IN_ATTEMPTS`` failures for one user
name from one address, that pair is locked for ``OFFICE_SIGN_IN_LOCK_SECONDS``
(counted in the "throttle" cache, a table of the database, so the count
holds across server processes and is not wiped when the page cache is
cleared)."""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

__all__ = ["SignInThrottle", "client_address"]


def client_address(request: HttpRequest) -> str:
    """The peer address (a proxy in front must set REMOTE_ADDR itself)."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


class SignInThrottle:
    """Failures of one (user name, address) pair."""

    def __init__(self, username: str, address: str) -> None:
        pair = f"{username.strip().casefold()}\x1f{address}"
        digest = hashlib.sha256(pair.encode("utf-8")).hexdigest()[:32]
        self._failures = f"office:signin:fail:{digest}"
        self._lock = f"office:signin:lock:{digest}"
        self.limit = int(getattr(settings, "OFFICE_SIGN_IN_ATTEMPTS", 5))
        self.lock_seconds = int(getattr(settings, "OFFICE_SIGN_IN_LOCK_SECONDS", 900))
        self._cache = caches["throttle"]

    def locked_for(self) -> int:
        """Seconds the pair stays locked (0 when it is not)."""
        until = self._cache.get(self._lock)
        if until is None:
            return 0
        return max(0, math.ceil(float(until) - time.time()))

    def fail(self) -> int:
        """Count a failure; returns the failures so far (locking at the limit)."""
        self._cache.add(self._failures, 0, self.lock_seconds)
        try:
            count = self._cache.incr(self._failures)
        except ValueError:  # expired in between
            self._cache.set(self._failures, 1, self.lock_seconds)
            count = 1
        if count >= self.limit:
            self._cache.set(self._lock, time.time() + self.lock_seconds, self.lock_seconds)
            self._cache.delete(self._failures)
        return int(count)

    def reset(self) -> None:
        self._cache.delete_many([self._failures, self._lock])
