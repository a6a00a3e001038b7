"""Sign-in throttling, per user name and address and per address alone.

After ``OFFICE_SIGN_IN_ATTEMPTS`` failures for one user name from one address,
that pair is locked for ``OFFICE_SIGN_IN_LOCK_SECONDS``; after
``OFFICE_SIGN_IN_ADDRESS_ATTEMPTS`` failures from one address, whatever the
user names tried, the address is locked as long (guessing across many names
from one machine is slowed too; a success does not clear the address's count).
Counts live in the "throttle" cache, a table of the database, so they hold
across server processes and are not wiped when the page cache is cleared."""

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


class _Counter:
    """Failures under one key, locked for ``lock_seconds`` at ``limit``."""

    def __init__(self, kind: str, ident: str, limit: int, lock_seconds: int) -> None:
        digest = hashlib.sha256(ident.encode("utf-8", "replace")).hexdigest()[:32]
        self._failures = f"office:signin:{kind}:fail:{digest}"
        self._lock = f"office:signin:{kind}:lock:{digest}"
        self.limit = limit
        self.lock_seconds = lock_seconds
        self._cache = caches["throttle"]

    def locked_for(self) -> int:
        until = self._cache.get(self._lock)
        if until is None:
            return 0
        return max(0, math.ceil(float(until) - time.time()))

    def fail(self) -> int:
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


class SignInThrottle:
    """Failures of one (user name, address) pair, and of the address alone."""

    def __init__(self, username: str, address: str) -> None:
        lock_seconds = int(getattr(settings, "OFFICE_SIGN_IN_LOCK_SECONDS", 900))
        self.limit = int(getattr(settings, "OFFICE_SIGN_IN_ATTEMPTS", 5))
        self.address_limit = int(getattr(settings, "OFFICE_SIGN_IN_ADDRESS_ATTEMPTS", 20))
        self.lock_seconds = lock_seconds
        pair = f"{username.strip().casefold()}\x1f{address}"
        self._pair = _Counter("pair", pair, self.limit, lock_seconds)
        self._address = _Counter("address", address, self.address_limit, lock_seconds)

    def locked_for(self) -> int:
        """Seconds the pair or the address stays locked (0 when neither is)."""
        return max(self._pair.locked_for(), self._address.locked_for())

    def address_locked(self) -> bool:
        """Whether the address itself is locked (whatever the user name)."""
        return self._address.locked_for() > 0

    def fail(self) -> int:
        """Count a failure for the pair and the address; returns the pair's
        failures so far (each locks at its limit)."""
        self._address.fail()
        return self._pair.fail()

    def reset(self) -> None:
        """After a sign-in: the pair starts afresh (the address's count stays,
        or one account of one's own would clear the way for guessing others)."""
        self._pair.reset()
