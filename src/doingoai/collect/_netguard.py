"""Which addresses a fetch may reach: public ones, and the hosts an office allows.

A URL taken from a feed, a sitemap, a list page or a source typed into the
office must not make the collector reach inside the office's own network
(server-side request forgery). :class:`NetGuard` refuses loopback, private,
link-local, multicast, unspecified, reserved and otherwise non-public
addresses, IPv4 and IPv6 alike, including IPv4 addresses carried inside IPv6
forms (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64). It is applied

- to the host of every URL before each request and each redirect
  (:meth:`NetGuard.check_url`, which resolves the name), and
- again when the connection is opened (:class:`GuardedTransport`): the name is
  resolved once more, every address it resolves to is checked, and the socket
  connects to a checked address, so a DNS answer that changes between the two
  checks cannot slip a private address through.

The setting ``FETCH_ALLOWED_HOSTS`` lists exceptions: host names (matched
exactly, case-insensitively), IP addresses and networks (``10.20.0.0/16``),
separated by commas. A refusal is an :class:`AddressRefused` naming the URL
and the rule it broke.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpcore
import httpx

from doingoai.config import get_setting
from doingoai.errors import ConfigError, FetchError

if TYPE_CHECKING:
    from httpcore._backends.base import SOCKET_OPTION, NetworkStream

__all__ = ["AddressRefused", "GuardedTransport", "NetGuard", "address_rule"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressRefused(FetchError):
    """A URL whose host is, or resolves to, an address fetches must not reach."""

    def __init__(self, reason: str, *, source: str) -> None:
        self.reason = reason
        super().__init__(reason, source=source)


def address_rule(address: IPAddress) -> str | None:
    """Why ``address`` may not be fetched (``"a loopback address"`` …), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo is not None:
            embedded = address.teredo[1]
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            rule = address_rule(embedded)
            return f"{rule} inside an IPv6 address" if rule else None
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    )
    for broken, rule in checks:
        if broken:
            return rule
    return None


def _parse_allowed(raw: str) -> tuple[frozenset[str], tuple[IPNetwork, ...]]:
    names: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            continue
        except ValueError:
            pass
        if "/" in entry or ":" in entry or any(ch.isspace() for ch in entry):
            raise ConfigError(
                f"setting DOINGOAI_FETCH_ALLOWED_HOSTS: {entry!r} is neither a host name, "
                "an IP address nor a network"
            )
        names.add(entry.lower().rstrip("."))
    return frozenset(names), tuple(networks)


class NetGuard:
    """The rule set of one fetcher: public addresses plus ``allowed`` exceptions.

    ``allowed`` is the setting's syntax (comma-separated names, addresses,
    networks); None reads ``FETCH_ALLOWED_HOSTS``. ``resolve`` maps a host name
    and port to addresses (tests replace it to play a changing DNS answer).
    """

    def __init__(
        self,
        allowed: str | None = None,
        *,
        resolve: Callable[[str, int], list[str]] | None = None,
    ) -> None:
        raw = get_setting("FETCH_ALLOWED_HOSTS") if allowed is None else allowed
        self.allowed_names, self.allowed_networks = _parse_allowed(raw)
        self._resolve = resolve or _resolve

    def host_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.allowed_names

    def refusal(self, address: IPAddress) -> str | None:
        """Why ``address`` is refused, or None when it may be reached."""
        if any(address.version == net.version and address in net for net in self.allowed_networks):
            return None
        return address_rule(address)

    def addresses(self, host: str, port: int, *, url: str) -> list[str]:
        """The addresses of ``host`` a connection may use; AddressRefused if any is refused."""
        host = host.strip("[]")
        literal = _literal(host)
        if literal is not None:
            found = [literal]
        else:
            try:
                found = [ipaddress.ip_address(a) for a in self._resolve(host, port)]
            except (OSError, UnicodeError, ValueError) as err:
                raise FetchError(f"cannot resolve {host!r} ({err})", source=url) from err
            if not found:
                raise FetchError(f"cannot resolve {host!r} (no address)", source=url)
        if self.host_allowed(host):
            return [str(a) for a in found]
        for address in found:
            rule = self.refusal(address)
            if rule is not None:
                where = f"{host} resolves to {address}" if literal is None else f"{address}"
                raise AddressRefused(
                    f"refused: {where}, {rule} (fetches reach public addresses only, "
                    "unless DOINGOAI_FETCH_ALLOWED_HOSTS lists the host)",
                    source=url,
                )
        return [str(a) for a in found]

    def check_url(self, url: str) -> None:
        """Refuse ``url`` (AddressRefused) when its host is or resolves to a refused address."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as err:
            raise FetchError("the port is not a number", source=url) from err
        self.addresses(host, port, url=url)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone
        if address not in seen:
            seen.append(address)
    return seen


class _GuardedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses the guard accepts, resolved here."""

    def __init__(self, guard: NetGuard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> NetworkStream:
        url = f"//{host}:{port}"
        addresses = self.guard.addresses(host, port, url=url)
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    address, port, timeout, local_address, socket_options or []
                )
            except httpcore.ConnectError as err:
                last = err
        assert last is not None
        raise last


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport whose connections go through :class:`NetGuard` at connect time."""

    def __init__(self, guard: NetGuard) -> None:
        super().__init__()
        # httpx builds its pool without a way to pass the network backend: the
        # pool is rebuilt with the same defaults and the guarded backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(guard),
        )
