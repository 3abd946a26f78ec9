"""The address policy: no fetching from loopback, private, link-local or
reserved addresses unless the operator allows it."""

from __future__ import annotations

import ipaddress

import httpcore2
import pytest

from reader.web.address import AddressPolicy, GuardedBackend, PrivateAddress, is_public

from .fakeportal import Site


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.5.5.5", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1", "::1", "fe80::1", "fc00::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "::",
])
def test_private_and_reserved_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))
    assert not AddressPolicy().permits(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["1.1.1.1", "203.113.131.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_the_operator_allows_all_or_named_networks() -> None:
    assert AddressPolicy.parse("1").permits(ipaddress.ip_address("10.0.0.5"))
    named = AddressPolicy.parse("10.1.0.0/16, 127.0.0.1")
    assert named.permits(ipaddress.ip_address("10.1.200.3"))
    assert named.permits(ipaddress.ip_address("127.0.0.1"))
    assert named.permits(ipaddress.ip_address("::ffff:127.0.0.1"))
    assert not named.permits(ipaddress.ip_address("127.0.0.2"))
    assert not named.permits(ipaddress.ip_address("10.2.0.1"))
    assert not AddressPolicy.parse("0").permits(ipaddress.ip_address("127.0.0.1"))
    with pytest.raises(ValueError, match="READER_ALLOW_PRIVATE: 'intranet' is not an address"):
        AddressPolicy.parse("intranet")


def test_a_name_is_checked_after_it_is_resolved() -> None:
    """``localhost`` is a name, not an address: refused once resolved to loopback."""
    site = Site().start()
    try:
        with pytest.raises(PrivateAddress, match=r"localhost is at (127\.0\.0\.1|::1), a private"):
            GuardedBackend(AddressPolicy()).connect_tcp("localhost", site.port, timeout=5)
        stream = GuardedBackend(AddressPolicy.parse("127.0.0.1")).connect_tcp("localhost", site.port, timeout=5)
        stream.close()
        with pytest.raises(httpcore2.ConnectError, match="cannot resolve"):
            GuardedBackend(AddressPolicy()).connect_tcp("no-such-host.invalid", 80, timeout=5)
    finally:
        site.stop()
