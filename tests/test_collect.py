"""Finding examples: commands, continuations, here-documents, tty steps,
options, and the errors a contributor sees for a bad page."""

import pytest

from bookkit.harness.collect import CollectError, collect, snippet_folders
from bookkit.harness.options import OptionError, parse


def test_good_page_commands_and_outputs(fixture_page):
    page = collect(fixture_page("good.md"))
    first, admonition, tty = page.examples
    assert [c.text for c in first.commands] == ["echo one \\\n  two", "cat <<'EOF2'\na\nEOF2"]
    assert first.commands[0].steps[0].expected == ["one two"]
    assert first.commands[1].steps[0].expected == ["a"]
    assert first.commands[0].line == 11
    assert first.options.cwd == "demo" and first.options.timeout == 5
    assert first.options.needs == ["swarm", "network"]


def test_blocks_inside_admonitions_keep_their_lines(fixture_page):
    page = collect(fixture_page("good.md"))
    admonition = page.examples[1]
    assert admonition.line == 23 and admonition.block.indent == 4
    assert admonition.options.exit == 2
    assert admonition.commands[0].text == "false"


def test_tty_steps(fixture_page):
    tty = collect(fixture_page("good.md")).examples[2]
    steps = tty.commands[0].steps
    assert [s.input for s in steps] == [None, "echo hi", "<Ctrl+P><Ctrl+Q>"]
    assert steps[1].expected == ["hi"]


def test_only_console_blocks_are_examples(fixture_page):
    assert len(collect(fixture_page("good.md")).examples) == 3


def test_snippet_includes(fixture_page):
    page = collect(fixture_page("good.md"))
    assert page.snippet_paths == ["README.md"]
    assert snippet_folders(page) == ["README.md"]


@pytest.mark.parametrize("name, line, words", [
    ("unknown-option.md", 3, "retries=3"),
    ("bad-value.md", 5, "exit=abc"),
    ("tty-no-prompt.md", 3, "prompt"),
])
def test_bad_options_fail_with_file_and_line(fixture_page, name, line, words):
    with pytest.raises(OptionError) as error:
        collect(fixture_page(name))
    assert f"{name}:{line}:" in str(error.value)
    assert words in str(error.value)


def test_missing_snippet_fails_with_file_and_line(fixture_page):
    with pytest.raises(CollectError, match=r"missing-snippet.md:4: snippet 'no-such-folder"):
        collect(fixture_page("missing-snippet.md"))


def test_output_before_command_fails(fixture_page):
    with pytest.raises(CollectError, match=r"output-first.md:4: output before"):
        collect(fixture_page("output-first.md"))


@pytest.mark.parametrize("body, message", [
    ('skip=', "needs a value"),
    ('needs=gpu', "unknown capability"),
    ('timeout=-1', "positive"),
    ('exit=300', "0 to 255"),
    ('cwd=../etc', "snippet folder"),
    ('skip="unclosed', "quotes"),
    ('tty=yes', "takes no value"),
    ('uncaptured', "only for a block that needs"),
    ('needs=registry uncaptured=1', "takes no value"),
])
def test_option_errors(body, message):
    with pytest.raises(OptionError, match=message):
        parse(body, "page.md", 7)


def test_options_parse():
    options = parse('skip="needs a real VLAN" setup="docker network create n" '
                    'setup="true" cleanup="docker network rm n" interrupt=2.5')
    assert options.skip == "needs a real VLAN"
    assert options.setup == ["docker network create n", "true"]
    assert options.cleanup == ["docker network rm n"]
    assert options.interrupt == 2.5


def test_an_uncaptured_block_must_not_show_output(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# P\n\n<!-- test: needs=registry uncaptured -->\n```console\n"
                    "$ docker image pull nginx:1.26\n1.26: Pulling from library/nginx\n```\n")
    with pytest.raises(CollectError, match=r"p.md:5: the block is marked 'uncaptured'"):
        collect(page)
    page.write_text(page.read_text().replace("1.26: Pulling from library/nginx\n", ""))
    assert collect(page).examples[0].options.uncaptured


def test_an_english_page_runs_with_the_english_variants_over_its_folders(tmp_path, monkeypatch):
    from bookkit.harness import collect as collect_module
    from bookkit.harness.collect import Page, english_variants
    monkeypatch.setattr(collect_module, "DOCS", tmp_path / "docs")
    monkeypatch.setattr(collect_module.variants, "VARIANTS", tmp_path / "variants")
    (tmp_path / "variants" / "demo").mkdir(parents=True)
    paths = ["en/demo/Dockerfile", "other/compose.yaml"]
    english = Page(path=tmp_path / "docs" / "en" / "x.md", snippet_paths=paths)
    spanish = Page(path=tmp_path / "docs" / "es" / "x.md", snippet_paths=paths)
    assert snippet_folders(english) == ["demo", "other"]
    assert english_variants(english) == ["demo"]
    assert english_variants(spanish) == []
