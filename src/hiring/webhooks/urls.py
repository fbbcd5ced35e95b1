"""The guard on webhook URLs (OWASP API7, SSRF): https only, and never an address inside
the network (loopback, private, link-local such as cloud metadata, reserved), checked when an
endpoint is saved and again before every send, so a name re-pointed later (DNS rebinding)
is refused too."""

import ipaddress
import socket
from urllib.parse import urlsplit

from hiring.errors import Invalid

PORT_OF = {"https": 443, "http": 80}


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def check_url(url: str, *, allow_http: bool, allow_private: bool) -> str:
    """``url`` if a webhook may be sent to it, else Invalid naming the field ``url``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Invalid.field("url", "Not a valid URL") from exc
    allowed = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in allowed:
        raise Invalid.field("url", "The URL must start with https://")
    host = parts.hostname
    if not host or parts.username or parts.password:
        raise Invalid.field("url", "The URL needs a host name and no credentials")
    if allow_private:
        return url
    try:
        found = socket.getaddrinfo(host, port or PORT_OF[parts.scheme], type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Invalid.field("url", f"The host {host} cannot be resolved") from exc
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if _refused(address):
            raise Invalid.field(
                "url",
                "The URL points inside the network (a private, loopback or link-local "
                "address): refused",
            )
    return url
