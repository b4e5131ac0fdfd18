"""Output matching: exact lines, ellipses, and normalisation of what changes
from run to run."""

import pytest

from bookkit.harness.matching import align, diff, matches, normalise_line, refresh


def test_exact_match_and_mismatch():
    assert matches("hola\nadios", "hola\nadios\n")
    assert not matches("hola", "adios")
    assert not matches("hola", "hola\nadios")
    assert not matches("", "something printed")


def test_line_ellipsis_matches_any_lines():
    assert matches("first\n...\nlast", "first\na\nb\nc\nlast")
    assert matches("first\n...\nlast", "first\nlast")
    assert not matches("first\n...\nlast", "first\na\nb")


def test_inline_ellipsis():
    assert matches("Server Version: ...", "Server Version: 26.1.5")
    assert not matches("Server Version: ...", "Client Version: 26.1.5")


@pytest.mark.parametrize("book, docker", [
    ("3f4e5d6c7b8a", "a1b2c3d4e5f6"),
    ("sha256:" + "a" * 64, "sha256:" + "b" * 64),
    ("Up 2 seconds", "Up About a minute"),
    ("Created 5 minutes ago", "Created Less than a second ago"),
    ("2026-11-30T11:00:00.123456789Z", "2025-01-01T00:00:00Z"),
    ("busybox 1.37 11d1bc5f130d 9 minutes ago 2.03MB",
     "busybox   1.37   abcdef123456   2 hours ago   4.26MB"),
    ("#5 DONE 0.1s", "#5 DONE 12.3s"),
    ("inet 172.18.0.2/16", "inet 10.213.0.7/16"),
    ("x5b4r4s1gx7hvd8kzd3a7jz3o *   docker-host", "qwe4r4s1gx7hvd8kzd3a7jz3o *   docker-host"),
    ("SWMTKN-1-abc-def", "SWMTKN-1-0123-4567"),
])
def test_normalisation_survives_nondeterminism(book, docker):
    assert matches(book, docker)


def test_normalisation_keeps_meaning():
    assert normalise_line("exit 137") == "exit 137"
    assert not matches("Status: healthy", "Status: unhealthy")
    assert not matches("port 80", "port 8080")


def test_diff_names_both_sides():
    text = diff("hola", "adios", "line 3")
    assert "--- book line 3" in text and "+++ docker" in text
    assert "-hola" in text and "+adios" in text


@pytest.mark.parametrize("book, docker", [
    ("link/ether 02:42:ac:11:00:02", "link/ether 02:42:0a:d5:00:07"),
    ("64 bytes from 10.0.0.2: seq=0 time=0.4 ms", "64 bytes from 10.0.0.3: seq=0 time=12.071 ms"),
    ("tienda_web.1 x7k2m9p4q1ab", "tienda_web.1 ab3cd4ef5g6h"),
    ("8: veth1a2b3c4@if7", "8: vethf00d123@if7"),
    ('"GET /" [30/Nov/2026:11:35:00 +0000]', '"GET /" [01/Dec/2026:00:00:01 +0000]'),
    ("0.0.0.0:32768->80/tcp", "0.0.0.0:32771->80/tcp"),
    ("Created less than a second ago", "Created 3 seconds ago"),
    ("notAfter=Feb 28 23:57:00 2027 GMT", "notAfter=Mar  1 00:06:00 2027 GMT"),
])
def test_normalisation_of_what_writers_met(book, docker):
    assert matches(book, docker)


def test_fixed_ports_are_not_normalised():
    assert not matches("0.0.0.0:8080->80/tcp", "0.0.0.0:8081->80/tcp")


def test_inline_ellipsis_works_on_text_the_normaliser_would_replace():
    assert matches("64 bytes from 10.0.0.2: seq=0 ttl=64 time=... ms",
                   "64 bytes from 10.0.0.2: seq=0 ttl=64 time=0.443 ms")
    assert matches("...: veth...: <BROADCAST,UP> mtu 1500",
                   "11: veth92a5673@if10: <BROADCAST,UP> mtu 1500")
    assert not matches("time=... ms", "time=0.443 s")


def test_align_places_each_expected_line():
    assert align("a\n...\nd", "a\nb\nc\nd") == [0, None, 3]
    assert align("a\n...", "a") == [0, None]
    assert align("a\n...\nd", "a\nb") is None


def test_refresh_takes_the_ids_of_the_matched_line_and_keeps_the_ellipses():
    kept = "25aa52ec2763d7d29b3cb4e886f2551a0231c8f507f904b2b7d0e0c49787aa2b    ...    RUNNING"
    now = "17e353f50eec78e7e4151089493311caa83997c167203f0c69d6bdf20ee59781    4242   RUNNING"
    assert refresh(kept, now) == kept.replace(kept[:64], now[:64])
    assert refresh("inet 172.18.0.2/16 ... eth0", "inet 10.0.0.7/16 scope global eth0") == \
        "inet 10.0.0.7/16 ... eth0"
    # Where the shapes differ the writer's line stays as it is.
    assert refresh("time=... ms", "time=0.4 s") == "time=... ms"
