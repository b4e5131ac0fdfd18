"""hooks/failing_examples.py: a console block whose test annotation expects a
non-zero exit gets the «Esto falla (a propósito)» title and the book-fails
class (from the annotation: data, not a judgement on the command); every
other block is left as it was."""

import re

from hooks_project import build, html, make_project

from bookkit.failing import mark
from bookkit.markdown import parse


def blocks(page):
    return re.findall(r'<div class="([^"]*highlight)">(?:<span class="filename">([^<]*)</span>)?',
                      page)


def test_a_block_that_fails_on_purpose_says_so_the_others_do_not(tmp_path):
    page = html(build(make_project(tmp_path)), "contenedores")
    assert blocks(page) == [
        ("book-fails highlight", "Esto falla (a propósito): termina con el código 125"),
        ("highlight", ""),  # exits 0: a command to copy
        # In an admonition too; a title it had stays first.
        ("book-fails highlight",
         "ejemplo.sh · Esto falla (a propósito): termina con el código 1"),
    ]
    assert "unknown flag: --log-opts" in page  # the output is still there


def test_the_fence_keeps_its_indentation_and_language():
    text = ("Texto.\n\n<!-- test: exit=2 -->\n~~~~console\n$ ls nada\n~~~~\n\n!!! note\n\n"
            "    <!-- test: exit=1 skip=\"no\" -->\n    ```console\n    $ false\n    ```\n\n"
            "<!-- test: exit=0 -->\n```console\n$ true\n```\n\n"
            "<!-- test: exit=3 -->\n```text\nno es una consola\n```\n")
    lines = mark(parse(text), "Falla: {exit}").text.split("\n")
    assert lines[3] == '~~~~{.console .book-fails title="Falla: 2"}'
    assert lines[10] == '    ```{.console .book-fails title="Falla: 1"}'
    assert lines[15] == "```console"  # exit=0 is what every block expects
    assert lines[20] == "```text"  # not a console block: not a command


def test_a_broken_annotation_is_left_to_the_tests():
    text = "<!-- test: exit=nada -->\n```console\n$ false\n```\n"
    assert mark(parse(text), "Falla").text == text
