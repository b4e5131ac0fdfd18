"""Output matching: exact lines, ellipses, what changes from run to run, and
the facts that must not change."""

import pytest

from bookkit.harness.matching import Bindings, align, diff, matches, mismatch, refresh


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
     "busybox   1.37   abcdef123456   2 hours ago   2.03MB"),
    ("#5 DONE 0.1s", "#5 DONE 12.3s"),
    ("x5b4r4s1gx7hvd8kzd3a7jz3o *   docker-host", "qwe4r4s1gx7hvd8kzd3a7jz3o *   docker-host"),
    ("SWMTKN-1-abc-def", "SWMTKN-1-0123-4567"),
])
def test_normalisation_survives_nondeterminism(book, docker):
    assert matches(book, docker)


def test_normalisation_keeps_meaning():
    assert matches("exit 137", "exit 137") and not matches("exit 137", "exit 1")
    assert not matches("Status: healthy", "Status: unhealthy")
    assert not matches("port 80", "port 8080")


# The wrong facts that passed the old matcher (issue 13, point 7), each as a
# book page edited to say it, against what Docker printed.
@pytest.mark.parametrize("book, docker", [
    ("172.17.0.2", "8.8.8.8"),
    ("inet 203.0.113.1/24 brd 203.0.113.255 scope global docker0",
     "inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0"),
    ('"Gateway": "999.999.999.999"', '"Gateway": "172.18.0.1"'),
    ("Address: 127.0.0.1\nAddress: 127.0.0.1", "Address: 172.18.0.2\nAddress: 172.18.0.3"),
    ("mi-web latest 3f4e5d6c7b8a 2 minutes ago 9.9TB",
     "mi-web latest 3f4e5d6c7b8a 2 minutes ago 142MB"),
    ("mi-web latest 3f4e5d6c7b8a 2 minutes ago 0B",
     "mi-web latest 3f4e5d6c7b8a 2 minutes ago 142MB"),
    ("limitado 0.00% 1.2MiB / 1GiB", "limitado 0.00% 1.2MiB / 128MiB"),
    ('"Memory": "64m"', '"Memory": "512m"'),
    ("expiry 90 days", "expiry 1 year"),
])
def test_a_wrong_fact_fails(book, docker):
    assert not matches(book, docker)


def test_one_id_is_one_object_in_a_block():
    created = "3f4e5d6c7b8a"
    book = f"{created}\nweb {created} Up 2 seconds"
    assert matches(book, "a1b2c3d4e5f6\nweb a1b2c3d4e5f6 Up 1 second")
    problem = mismatch(book, "a1b2c3d4e5f6\nweb 0b1c2d3e4f5a Up 1 second")
    assert problem and "stands for one object" in problem
    # Two objects of the book cannot be one object of Docker's.
    assert not matches("aaaaaaaaaaa1\nbbbbbbbbbbb2", "a1b2c3d4e5f6\na1b2c3d4e5f6")
    # A short ID is the start of the long one; a digest's hex too.
    assert matches(f"{created}\nsha256:{created}{'0' * 52}",
                   f"a1b2c3d4e5f6\nsha256:a1b2c3d4e5f6{'9' * 52}")


def test_bindings_carry_from_command_to_command():
    bindings = Bindings()
    assert mismatch("3f4e5d6c7b8a", "a1b2c3d4e5f6", bindings=bindings) is None
    assert mismatch("web 3f4e5d6c7b8a", "web a1b2c3d4e5f6", bindings=bindings) is None
    assert mismatch("web 3f4e5d6c7b8a", "web 0b1c2d3e4f5a", bindings=bindings)


@pytest.mark.parametrize("book, docker, varies", [
    ("mi-web latest 3f4e5d6c7b8a 2 minutes ago 142MB",
     "mi-web latest a1b2c3d4e5f6 1 second ago 97.3MB", ["size"]),
    ("inet 10.0.0.2/24", "inet 10.0.0.5/24", ["ip"]),
    ("limitado 0.00% 1.2MiB / 128MiB", "limitado 0.02% 1.4MiB / 128MiB", ["number"]),
])
def test_a_block_may_declare_what_varies(book, docker, varies):
    assert not matches(book, docker)
    assert matches(book, docker, varies)


def test_what_varies_still_has_its_kind():
    assert not matches("142MB", "many", ["size"])
    assert not matches("inet 10.0.0.2/24", "inet 10.0.0.2/16", ["ip"])


def test_diff_names_both_sides():
    text = diff("hola", "adios", "line 3")
    assert "--- book line 3" in text and "+++ docker" in text
    assert "-hola" in text and "+adios" in text


@pytest.mark.parametrize("book, docker", [
    ("link/ether 02:42:ac:11:00:02", "link/ether 02:42:0a:d5:00:07"),
    ("64 bytes from 10.0.0.2: seq=0 time=0.4 ms", "64 bytes from 10.0.0.2: seq=0 time=12.071 ms"),
    ("round-trip min/avg/max = 0.251/0.251/0.251 ms", "round-trip min/avg/max = 0.2/0.3/0.41 ms"),
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
    assert refresh("inet 172.18.0.2/16 ... eth0", "inet 172.18.0.7/16 scope global eth0") == \
        "inet 172.18.0.7/16 ... eth0"
    # Where the shapes differ the writer's line stays as it is.
    assert refresh("time=... ms", "time=0.4 s") == "time=... ms"
