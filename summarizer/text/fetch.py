"""Fetch a web page to summarise, safely: http(s) only, public addresses only, bounded in every way.

Server-side request forgery is refused by construction. Each hop (the URL, then every redirect) is
resolved once; every address the host resolves to must be public (not loopback, private, link-local,
multicast, reserved, unspecified or shared, IPv4 or IPv6, an IPv4-mapped IPv6 address judged as its
IPv4), and the connection goes to the address that was checked, with the original host in the Host
header, the TLS SNI and the certificate check: a DNS answer that changes between the check and the
connection (rebinding) is never used. Redirects are followed by hand, each checked the same way, at
most `max_redirects`. The body is read within `timeout` seconds in all and `max_bytes`; only text/html
and text/plain are read at all.

urllib3 (already installed with trafilatura) is the HTTP client: it connects to a given address while
sending another name for SNI and certificate verification (`server_hostname`, `assert_hostname`).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from ..errors import (
    FetchFailed,
    FetchTimeout,
    PageTooLarge,
    TooManyRedirects,
    UnreadableFile,
    UnsupportedPageType,
    UrlNotAllowed,
)
from .files import decode_text

PAGE_TYPES = ("text/html", "text/plain")
_URL_SAFE = "/?#[]@!$&'()*+,;=:%~-._"  # RFC 3986's reserved and unreserved characters, and % of escapes
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_USER_AGENT = "summarizer (+https://github.com/; fetches one page to summarise it)"


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class FetchPolicy:
    """What a fetch may do. `allowed_networks` lets these non-public addresses through as well: for tests
    (a server on 127.0.0.1/32) and a user's own intranet, never a default of the service."""

    max_redirects: int = 5
    timeout: float = 10.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 5_000_000  # a long article's HTML page is 0.2-2 MB
    allowed_networks: tuple[Network, ...] = ()


@dataclass(frozen=True)
class Page:
    """A fetched page: its final URL (after redirects), its media type, and its body decoded."""

    url: str
    media_type: str
    body: str

    @property
    def is_html(self) -> bool:
        return self.media_type == "text/html"


def fetch_page(url: str, policy: FetchPolicy) -> Page:
    """The page at `url`, or UrlNotAllowed, PageTooLarge, UnsupportedPageType, FetchFailed (and its
    TooManyRedirects and FetchTimeout) saying why not."""
    import urllib3  # only when a URL arrives

    deadline = time.monotonic() + policy.timeout
    for _ in range(policy.max_redirects + 1):
        host, port, target, scheme = _parts(url)
        address = _checked_address(host, port, policy.allowed_networks)
        with _pool(urllib3, scheme, host, port, address, deadline) as pool:
            response = _get(urllib3, pool, scheme, host, port, target)
            try:
                location = response.headers.get("Location")
                if response.status in _REDIRECTS and location:
                    url = urljoin(url, location)
                    continue
                if response.status >= 400:
                    raise FetchFailed(f"{url} answered HTTP {response.status}", status=response.status, url=url)
                media_type, charset = _content_type(response.headers.get("Content-Type", ""), url)
                data = _read(response, policy.max_bytes, deadline, url)
            finally:
                response.close()  # a fresh pool a hop: nothing to reuse, and a refused body stays unread
                response.release_conn()
        return Page(url, media_type, _decode(data, charset))
    raise TooManyRedirects(
        f"the page redirected more than {policy.max_redirects} times; give the final address",
        max_redirects=policy.max_redirects,
    )


def _parts(url: str) -> tuple[str, int, str, str]:
    """Host, port, request target and scheme of an absolute http(s) URL; UrlNotAllowed otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UrlNotAllowed(f"{url!r} is not a valid URL: {error}", reason="malformed") from None
    if parts.scheme not in ("http", "https"):
        raise UrlNotAllowed(
            f"only http and https URLs are fetched, not {parts.scheme or 'a URL without a scheme'}",
            reason="scheme",
            scheme=parts.scheme,
        )
    if not parts.hostname:
        raise UrlNotAllowed(f"{url!r} has no host", reason="malformed")
    try:  # an international name as DNS and the Host header spell it (bücher.example: xn--bcher-kva.example)
        host = parts.hostname if ":" in parts.hostname else parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise UrlNotAllowed(f"{parts.hostname!r} is not a valid host name", reason="malformed") from None
    # Spaces, line breaks and other characters a request line cannot carry are %-escaped (escapes kept).
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_URL_SAFE)
    return host, port or (443 if parts.scheme == "https" else 80), target, parts.scheme


def _checked_address(host: str, port: int, allowed_networks: tuple[Network, ...]) -> str:
    """The address to connect to: every address `host` resolves to must be public or in `allowed_networks`
    (one that is not refuses the host: an attacker's name may list a public address beside a private one)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"cannot resolve the host {host!r}: {error}", host=host) from None
    addresses = [str(info[4][0]).split("%")[0] for info in infos]  # %: an IPv6 zone
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if not is_public(ip) and not any(ip in network for network in allowed_networks):
            raise UrlNotAllowed(
                f"{host} resolves to {address}, which is not a public address; only public hosts are fetched",
                reason="address",
                host=host,
                address=address,
            )
    return addresses[0]


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether `address` is a public unicast address (`is_global` excludes loopback, private, link-local,
    reserved, unspecified and shared ranges; multicast is checked on its own, some of it being "global")."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _pool(urllib3: Any, scheme: str, host: str, port: int, address: str, deadline: float) -> Any:
    """A connection pool to `address` (checked), naming `host` in TLS (SNI and the certificate check)."""
    left = max(0.01, deadline - time.monotonic())
    timeout = urllib3.Timeout(connect=left, read=left)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address, port, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED", timeout=timeout
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout)


def _get(urllib3: Any, pool: Any, scheme: str, host: str, port: int, target: str) -> Any:
    """GET `target`, with `host` in the Host header; redirects are the caller's to check."""
    default_port = 443 if scheme == "https" else 80
    host_header = (f"[{host}]" if ":" in host else host) + ("" if port == default_port else f":{port}")
    headers = {"Host": host_header, "User-Agent": _USER_AGENT, "Accept": "text/html, text/plain;q=0.9"}
    try:
        return pool.urlopen(
            "GET", target, headers=headers, redirect=False, retries=False, preload_content=False, assert_same_host=False
        )
    except urllib3.exceptions.TimeoutError:
        raise FetchTimeout(f"{host} did not answer within the time allowed", host=host) from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchFailed(f"cannot fetch from {host}: {_reason(error)}", host=host) from None


def _reason(error: Exception) -> str:
    """urllib3's reason without the connection object's repr that some of its errors start with."""
    reason = getattr(error, "reason", None) or error
    return str(reason).split(": ", 1)[-1] if "object at 0x" in str(reason) else str(reason)


def _content_type(header: str, url: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    media_type = media_type.strip().lower()
    if media_type not in PAGE_TYPES:
        raise UnsupportedPageType(
            f"{url} is {media_type or 'of no declared type'}; only text/html and text/plain pages are summarised",
            content_type=media_type,
            supported=list(PAGE_TYPES),
        )
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return media_type, charset


def _decode(data: bytes, charset: str | None) -> str:
    """The body in its declared charset; pages that declare a wrong or unknown one are common, so the
    charset is then detected, as for a file without one."""
    try:
        return decode_text(data, charset, field="url")
    except UnreadableFile:
        if charset is None:
            raise
        return decode_text(data, None, field="url")


def _read(response: Any, max_bytes: int, deadline: float, url: str) -> bytes:
    """The body, at most `max_bytes` (refused beyond, by its Content-Length at once), by the deadline."""
    import urllib3

    too_large = PageTooLarge(f"{url} is larger than the maximum of {max_bytes} bytes", max_bytes=max_bytes)
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(65_536):
            size += len(chunk)
            if size > max_bytes:
                raise too_large
            if time.monotonic() > deadline:
                raise FetchTimeout(f"{url} did not finish sending within the time allowed")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise FetchTimeout(f"{url} did not finish sending within the time allowed") from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchFailed(f"{url} broke off: {_reason(error)}") from None
    return b"".join(chunks)
