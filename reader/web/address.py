"""Which network addresses Reader may fetch from: no server-side request forgery.

An address on a feed or in a page is chosen by whoever wrote the page, so a
portal (or anyone who can put a link on one) could point Reader at the
machine's own services, the intranet around it or a cloud metadata endpoint.
Loopback, private, link-local, shared (CGNAT), multicast and reserved
addresses are therefore refused unless the operator allows them.

The check is made on the addresses a name resolves to, at the moment of
connecting, and the connection is made to the address that was checked (not
to the name again), so a name that resolves to a public address for the
check and a private one for the connection (DNS rebinding) gets nowhere.
Every connection goes through it: pages, feeds, images, robots.txt, and each
hop of a redirect.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore2

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_ALL = frozenset({"1", "true", "yes", "all"})
_NONE = frozenset({"", "0", "false", "no"})


class PrivateAddress(Exception):
    """A connection the address policy refused; the message names the host and address."""


def is_public(address: Address) -> bool:
    """Whether ``address`` is on the public internet.  An IPv4 address written
    in IPv6 (``::ffff:127.0.0.1``, 6to4, NAT64) is judged as the IPv4 it carries."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses always; private ones when ``allow_all``, or those in ``networks``."""

    allow_all: bool = False
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, value: str) -> AddressPolicy:
        """``READER_ALLOW_PRIVATE``: ``1`` allows every private address;
        a comma-separated list of addresses or networks (``10.1.0.0/16,
        192.168.5.20``) allows only those; empty or ``0``, none."""
        text = value.strip().lower()
        if text in _ALL:
            return cls(allow_all=True)
        if text in _NONE:
            return cls()
        networks = []
        for part in text.split(","):
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise ValueError(f"READER_ALLOW_PRIVATE: {part.strip()!r} is not an address or a network "
                                 "(use 1 for all, or e.g. 10.1.0.0/16,192.168.5.20)") from None
        return cls(networks=tuple(networks))

    def permits(self, address: Address) -> bool:
        if self.allow_all or is_public(address):
            return True
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address.version == n.version and address in n for n in self.networks)


def _address(text: str) -> Address:
    return ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id


class GuardedBackend(httpcore2.SyncBackend):
    """httpcore's network backend, connecting only to addresses the policy permits."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None) -> httpcore2.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore2.ConnectError(f"cannot resolve {host} ({exc})") from exc
        allowed: list[tuple[int, Address]] = []
        refused: list[tuple[int, Address]] = []
        for family, _, _, _, sockaddr in infos:
            address = _address(str(sockaddr[0]))
            (allowed if self.policy.permits(address) else refused).append((family, address))
        if not allowed:
            raise PrivateAddress(
                f"{host} is at {refused[0][1]}, a private, loopback or reserved address: refused "
                "(reader follows such addresses only with --allow-private or READER_ALLOW_PRIVATE)")
        error: Exception | None = None
        for _family, address in dict.fromkeys(allowed):
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except (httpcore2.ConnectError, httpcore2.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error
