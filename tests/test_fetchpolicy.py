"""Tests for mentionmap.fetchpolicy: which addresses a fetch may reach (the guard against
server-side request forgery on a hosted dashboard), through ``feeds.fetch``.

Never touches the network: private addresses are refused before any connection, the
local site runs on 127.0.0.1, and "public" host names come from a stand-in resolver whose
public answers a stand-in connector sends to the local site.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import quote

import pytest
from test_feeds import LocalSite

from mentionmap import feeds, fetchpolicy
from mentionmap.fetchpolicy import (
    ANY_ADDRESS,
    ENV_ALLOW_PRIVATE,
    PUBLIC_ONLY,
    dashboard_policy,
    owner_policy,
    why_not_public,
)

PUBLIC_IP = "93.184.216.34"  # a global unicast address; nothing ever connects to it here
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    """Direct connections, and the entry points' own defaults."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)


@pytest.fixture
def site():
    s = LocalSite()
    yield s
    s.close()


class Network:
    """Stand-ins for name lookup and connecting. ``names`` maps a host name to the list
    of answers for each lookup in turn (the last list repeats); ``connects`` records each
    address connected to. Connections to PUBLIC_IP go to the local site's port on
    127.0.0.1; any other address is connected to as it is (only 127.0.0.1 in these tests)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, names: dict[str, list[list[str]]]):
        self.names = names
        self.lookups: list[str] = []
        self.connects: list[str] = []
        real_resolve, real_connect = fetchpolicy.resolve, fetchpolicy.connect

        def resolve(host: str, port: int) -> fetchpolicy.Resolved:
            self.lookups.append(host)
            if host not in self.names:
                return real_resolve(host, port)  # IP literals and "localhost": no network
            answers = self.names[host]
            ips = answers.pop(0) if len(answers) > 1 else answers[0]
            return [(_family(ip), (ip, port)) for ip in ips]

        def connect(family, sockaddr, timeout, source_address):
            self.connects.append(sockaddr[0])
            if sockaddr[0] == PUBLIC_IP:
                return real_connect(socket.AF_INET, ("127.0.0.1", sockaddr[1]), timeout, None)
            assert sockaddr[0] == "127.0.0.1", f"a test tried to connect to {sockaddr[0]}"
            return real_connect(family, sockaddr, timeout, source_address)

        monkeypatch.setattr(fetchpolicy, "resolve", resolve)
        monkeypatch.setattr(fetchpolicy, "connect", connect)


def _family(ip: str) -> int:
    return socket.AF_INET6 if ipaddress.ip_address(ip).version == 6 else socket.AF_INET


def _port(site: LocalSite) -> int:
    return site.server.server_address[1]


# --- the address classes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private-network"),
        ("172.16.0.9", "private-network"),
        ("192.168.1.1", "private-network"),
        ("fd12:3456::1", "private-network"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("169.254.10.20", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("::ffff:127.0.0.1", "carries 127.0.0.1, which is a loopback"),
        ("64:ff9b::a00:1", "carries 10.0.0.1"),  # NAT64
        ("2002:a9fe:a9fe::", "carries 169.254.169.254"),  # 6to4
    ],
)
def test_non_public_addresses_are_named_with_their_class(ip: str, reason: str) -> None:
    assert reason in (why_not_public(ipaddress.ip_address(ip)) or "")


@pytest.mark.parametrize("ip", [PUBLIC_IP, "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(ip: str) -> None:
    assert why_not_public(ipaddress.ip_address(ip)) is None


def test_entry_point_defaults_and_the_environment_override() -> None:
    assert dashboard_policy({}) == PUBLIC_ONLY
    assert owner_policy({}) == ANY_ADDRESS
    for yes in ("1", "true", "YES", " on "):
        assert dashboard_policy({ENV_ALLOW_PRIVATE: yes}) == ANY_ADDRESS
    for no in ("0", "false", "No", "off"):
        assert owner_policy({ENV_ALLOW_PRIVATE: no}) == PUBLIC_ONLY
    assert dashboard_policy({ENV_ALLOW_PRIVATE: "maybe"}) == PUBLIC_ONLY
    assert owner_policy({ENV_ALLOW_PRIVATE: ""}) == ANY_ADDRESS


# --- the dashboard's default: public addresses only --------------------------------------------


def test_issue5_local_addresses_are_refused_and_no_request_reaches_the_server(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Network(monkeypatch, {"intranet.example.com": [["127.0.0.1"]]})
    port = _port(site)
    urls = [
        site.url("/news/kherson.html"),
        f"http://localhost:{port}/news/kherson.html",
        f"http://intranet.example.com:{port}/news/kherson.html",
        f"http://2130706433:{port}/news/kherson.html",  # 127.0.0.1 as one decimal number
    ]
    messages = []
    for url in urls:
        with pytest.raises(feeds.SourceError) as caught:
            feeds.fetch(url, policy=dashboard_policy())
        messages.append(str(caught.value))
        assert messages[-1].startswith(f"{url}: refused: ") and "\n" not in messages[-1]
        assert "loopback" in messages[-1] and f"{ENV_ALLOW_PRIVATE}=1" in messages[-1]
    assert "refused: 127.0.0.1 is a loopback address; " in messages[0]
    assert "intranet.example.com resolves to 127.0.0.1, which is a loopback" in messages[2]
    assert net.connects == []
    assert not site.hits


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "cloud metadata"),
        ("http://10.0.0.5:8080/admin", "private-network"),
        ("https://192.168.0.1/", "private-network"),
        ("http://[::1]:8501/", "loopback"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd12::7]/", "private-network"),
        ("http://0.0.0.0:8501/", "unspecified"),
        ("http://metadata.example.com/computeMetadata/v1/", "cloud metadata"),
        ("http://split.example.com/", "private-network"),  # one private answer of two
    ],
)
def test_private_link_local_and_metadata_addresses_are_refused_before_connecting(
    url: str, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Network(
        monkeypatch,
        {
            "metadata.example.com": [["169.254.169.254"]],
            "split.example.com": [[PUBLIC_IP, "10.9.8.7"]],
        },
    )
    with pytest.raises(feeds.SourceError, match=why):
        feeds.fetch(url, policy=PUBLIC_ONLY)
    assert net.connects == []


def test_fetch_is_public_only_unless_told_otherwise(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    Network(monkeypatch, {})
    with pytest.raises(feeds.SourceError, match="loopback"):
        feeds.fetch(site.url("/news/kherson.html"))
    assert not site.hits


def test_a_public_name_is_fetched_at_the_address_that_was_checked(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Network(monkeypatch, {"news.example.com": [[PUBLIC_IP]]})
    page = feeds.fetch(f"http://news.example.com:{_port(site)}/news/kherson.html")
    assert page.data.startswith(b"<")
    assert site.hits["/news/kherson.html"] == 1
    assert net.connects == [PUBLIC_IP]


def test_issue5_dns_rebinding_between_check_and_connect_is_refused(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name is public when checked and loopback when looked up again to connect: the
    connection is only ever made to an answer that passed the check."""
    net = Network(monkeypatch, {"rebind.example.com": [[PUBLIC_IP], ["127.0.0.1"]]})
    with pytest.raises(feeds.SourceError, match=r"rebind\.example\.com resolves to 127\.0\.0\.1"):
        feeds.fetch(f"http://rebind.example.com:{_port(site)}/news/kherson.html")
    assert net.lookups.count("rebind.example.com") == 2
    assert net.connects == []
    assert not site.hits


# --- redirects ---------------------------------------------------------------------------------


def _redirect(site: LocalSite, target: str) -> str:
    """A public URL (news.example.com, served by the local site) that redirects to target."""
    return f"http://news.example.com:{_port(site)}/redirect?to={quote(target, safe='')}"


def test_issue5_redirect_from_a_public_url_to_a_private_one_is_refused(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Network(monkeypatch, {"news.example.com": [[PUBLIC_IP]]})
    target = site.url("/news/kherson.html")
    url = _redirect(site, target)
    with pytest.raises(feeds.SourceError) as caught:
        feeds.fetch(url, policy=dashboard_policy())
    assert str(caught.value).startswith(f"{url}: refused: redirected to {target}: 127.0.0.1")
    assert sum(site.hits.values()) == 1  # the redirect itself, never its target
    assert net.connects == [PUBLIC_IP]


def test_redirect_to_a_name_of_a_metadata_address_is_refused_before_connecting(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Network(
        monkeypatch,
        {"news.example.com": [[PUBLIC_IP]], "meta.example.com": [["169.254.169.254"]]},
    )
    with pytest.raises(feeds.SourceError, match="cloud metadata"):
        feeds.fetch(_redirect(site, "http://meta.example.com/latest/"), policy=PUBLIC_ONLY)
    assert net.connects == [PUBLIC_IP]


def test_redirect_between_public_urls_is_followed(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    Network(monkeypatch, {"news.example.com": [[PUBLIC_IP]]})
    target = f"http://news.example.com:{_port(site)}/news/odesa.html"
    page = feeds.fetch(_redirect(site, target), policy=PUBLIC_ONLY)
    assert page.url == target
    assert site.hits["/news/odesa.html"] == 1


@pytest.mark.parametrize("policy", [PUBLIC_ONLY, ANY_ADDRESS])
@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x/"])
def test_redirect_to_another_scheme_is_refused(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch, target: str, policy
) -> None:
    Network(monkeypatch, {"news.example.com": [[PUBLIC_IP]]})
    with pytest.raises(feeds.SourceError, match=r"redirected to .*: not an http\(s\) URL"):
        feeds.fetch(_redirect(site, target), policy=policy)


# --- schemes, the override, proxies -------------------------------------------------------------


@pytest.mark.parametrize("policy", [PUBLIC_ONLY, ANY_ADDRESS])
@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/pub/", "data:text/plain,hi", "gopher://x/"]
)
def test_other_schemes_are_refused_under_every_policy(
    url: str, policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Network(monkeypatch, {})
    with pytest.raises(feeds.SourceError, match=r"refused: not an http\(s\) URL"):
        feeds.fetch(url, policy=policy)
    assert net.connects == [] and net.lookups == []


def test_issue5_the_environment_variable_lets_the_dashboard_fetch_private_addresses(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    Network(monkeypatch, {})
    monkeypatch.setenv(ENV_ALLOW_PRIVATE, "1")
    page = feeds.fetch(site.url("/news/kherson.html"), policy=dashboard_policy())
    assert page.content_type == "text/html"
    assert site.hits["/news/kherson.html"] == 1


def test_through_a_proxy_the_target_is_still_checked(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator's proxy (here the local site) may be private; the targets may not."""
    Network(
        monkeypatch,
        {"news.example.com": [[PUBLIC_IP]], "intranet.example.com": [["10.0.0.8"]]},
    )
    monkeypatch.setenv("http_proxy", site.base)
    with pytest.raises(feeds.SourceError, match=r"intranet\.example\.com resolves to 10\.0\.0\.8"):
        feeds.fetch("http://intranet.example.com/secret", policy=PUBLIC_ONLY)
    assert not site.hits
    with pytest.raises(feeds.SourceError, match="HTTP 404"):  # the proxy has no such route
        feeds.fetch("http://news.example.com/story", policy=PUBLIC_ONLY)
    assert site.hits["http://news.example.com/story"] == 1
