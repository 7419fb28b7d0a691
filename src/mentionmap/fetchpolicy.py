"""Which addresses a fetch may reach: the guard against server-side request forgery.

A hosted dashboard fetches URLs that visitors type (and the links of feeds they upload).
Without a guard, a visitor could make the server read its own internal services: the
cloud metadata endpoint (169.254.169.254), databases on 127.0.0.1 or 10.x, and so on.

:class:`FetchPolicy` says whether private addresses may be reached. With
``allow_private=False`` every address a host name resolves to must be public (checked
before each request and again for every redirect hop), and the connection is then made
to an address that passed the check, never to a second, unchecked DNS answer (so a
name that changes its answer between check and connect, "DNS rebinding", is caught).
Only ``http`` and ``https`` are fetched under any policy.

Defaults per entry point (see :func:`dashboard_policy` and :func:`owner_policy`): the
dashboard allows public addresses only; the ``mentionmap ingest`` command, run by the
machine's owner, allows private ones too. ``$MENTIONMAP_ALLOW_PRIVATE_URLS`` overrides
both: ``1``/``true``/``yes``/``on`` allows private addresses, ``0``/``false``/``no``/``off``
refuses them.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import os
import socket
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

ENV_ALLOW_PRIVATE = "MENTIONMAP_ALLOW_PRIVATE_URLS"
SCHEMES = ("http", "https")
ALLOW_HINT = f"set {ENV_ALLOW_PRIVATE}=1 to allow private addresses"

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolved = list[tuple[int, tuple]]  # (address family, socket address) per answer


class AddressRefused(Exception):
    """A URL the policy does not fetch; ``str()`` says why and how to allow it."""


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Where fetches may go. ``allow_private``: also loopback, private-network,
    link-local (cloud metadata), multicast and other non-public addresses."""

    allow_private: bool = False

    def check_url(self, url: str) -> None:
        """Raise :class:`AddressRefused` unless ``url`` is http(s) and, for a policy
        without private addresses, its host resolves only to public addresses. A host
        that does not resolve passes (the connection then fails with its own error)."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES:
            raise AddressRefused(f"not an http(s) URL (only {' and '.join(SCHEMES)} are fetched)")
        host = parts.hostname
        if not host:
            raise AddressRefused("the URL has no host")
        if self.allow_private:
            return
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        try:
            answers = resolve(host, port)
        except OSError:
            return
        self.check_answers(host, answers)

    def check_answers(self, host: str, answers: Resolved) -> None:
        """Raise :class:`AddressRefused` if any of ``host``'s resolved ``answers`` is not
        public (all must be: one private answer is enough to reach an internal service)."""
        if self.allow_private:
            return
        for _family, sockaddr in answers:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            reason = why_not_public(ip)
            if reason:
                literal = host.strip("[]").split("%")[0] == str(ip)
                named = f"{ip} {reason}" if literal else f"{host} resolves to {ip}, which {reason}"
                raise AddressRefused(
                    f"{named}; this instance fetches public addresses only ({ALLOW_HINT})"
                )


PUBLIC_ONLY = FetchPolicy(allow_private=False)
ANY_ADDRESS = FetchPolicy(allow_private=True)


def policy_from_env(allow_private: bool, environ: Mapping[str, str] | None = None) -> FetchPolicy:
    """The policy from ``$MENTIONMAP_ALLOW_PRIVATE_URLS`` when it is set to a yes/no
    value, else ``allow_private`` (the entry point's default)."""
    value = (os.environ if environ is None else environ).get(ENV_ALLOW_PRIVATE, "")
    value = value.strip().lower()
    if value in _TRUE:
        return ANY_ADDRESS
    if value in _FALSE:
        return PUBLIC_ONLY
    return FetchPolicy(allow_private=allow_private)


def dashboard_policy(environ: Mapping[str, str] | None = None) -> FetchPolicy:
    """The dashboard's policy: public addresses only, unless the environment allows
    private ones (a dashboard run on one's own machine, for a local feed)."""
    return policy_from_env(False, environ)


def owner_policy(environ: Mapping[str, str] | None = None) -> FetchPolicy:
    """The command line's policy: private addresses allowed (its user owns the machine
    and its network), unless the environment refuses them."""
    return policy_from_env(True, environ)


def _embedded_v4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [v4 for v4 in found if v4 is not None]


def why_not_public(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address ("is a loopback address", ...), or
    None when it is one."""
    for inner in _embedded_v4(ip):
        reason = why_not_public(inner)
        if reason:
            return f"carries {inner}, which {reason}"
    if ip in _METADATA:
        return "is the cloud metadata service (link-local)"
    if ip.is_loopback:
        return "is a loopback address"
    if ip.is_unspecified:
        return "is the unspecified address (this machine)"
    if ip.is_link_local:
        return "is a link-local address"
    if ip.is_multicast:
        return "is a multicast address"
    if ip.is_private:
        return "is a private-network address"
    if not ip.is_global:
        return "is not a public address"
    return None


# --- resolving and connecting (module functions, so tests can stand in for the network) --------


def resolve(host: str, port: int) -> Resolved:
    """Every (family, socket address) ``host`` resolves to for a TCP connection."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [(family, sockaddr) for family, _type, _proto, _name, sockaddr in infos]


def connect(
    family: int, sockaddr: tuple, timeout: float | None, source_address: tuple | None
) -> socket.socket:
    """A TCP connection to exactly ``sockaddr`` (no name lookup)."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if timeout is not None:
            sock.settimeout(timeout)
        if source_address:
            sock.bind(source_address)
        sock.connect(sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


def open_connection(
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple | None = None,
    *,
    policy: FetchPolicy,
) -> socket.socket:
    """``socket.create_connection`` under ``policy``: resolve once, check every answer,
    connect to the checked answers in turn. Raises :class:`AddressRefused` or OSError."""
    host, port = address
    answers = resolve(host, port)
    policy.check_answers(host, answers)
    error: OSError | None = None
    for family, sockaddr in answers:
        try:
            return connect(family, sockaddr, timeout, source_address)
        except OSError as exc:
            error = exc
    raise error or OSError(f"{host}: no address to connect to")


# --- urllib plumbing -----------------------------------------------------------------------------


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, policy: FetchPolicy, direct: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if direct:  # through a proxy, the proxy (set by the operator) makes the connection
            self._create_connection = functools.partial(open_connection, policy=policy)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, policy: FetchPolicy, direct: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if direct:  # TLS then wraps the socket with the URL's host name (SNI, certificate)
            self._create_connection = functools.partial(open_connection, policy=policy)


def _direct(request: urllib.request.Request) -> bool:
    """False when the request goes through a proxy (plain http or a CONNECT tunnel)."""
    return not (request.has_proxy() or getattr(request, "_tunnel_host", None))


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__()
        self.policy = policy

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = functools.partial(_HTTPConnection, policy=self.policy, direct=_direct(req))
        return self.do_open(conn, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__()
        self.policy = policy

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = functools.partial(_HTTPSConnection, policy=self.policy, direct=_direct(req))
        return self.do_open(conn, req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Checks every redirect target (scheme and addresses) before following it; the
    connection to it is then checked again (see :func:`open_connection`)."""

    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__()
        self.policy = policy

    def http_error_302(self, req, fp, code, msg, headers):
        # before urllib's own handling, which refuses some schemes with a vaguer message
        location = headers.get("location") or headers.get("uri")
        if location:
            newurl = urljoin(req.full_url, location)
            try:
                self.policy.check_url(newurl)
            except AddressRefused as exc:
                fp.close()
                raise AddressRefused(f"redirected to {newurl}: {exc}") from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def opener(policy: FetchPolicy) -> urllib.request.OpenerDirector:
    """A urllib opener for http(s) only (no file:, ftp: or data: handlers) that enforces
    ``policy`` on every connection and redirect. Proxies from the environment are used;
    through a proxy, target addresses are checked before each request but the proxy
    resolves the name itself."""
    director = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTPHandler(policy),
        _HTTPSHandler(policy),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(policy),
        urllib.request.HTTPErrorProcessor(),
    ):
        director.add_handler(handler)
    return director
