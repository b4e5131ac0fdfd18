"""Output matching: exact lines, ellipses, and normalisation of what changes
from run to run."""

import pytest

from bookkit.harness.matching import diff, matches, normalise_line


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
