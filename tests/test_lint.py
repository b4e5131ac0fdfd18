"""`make lint`: each check fails on a bad input and passes on a good one
(fixtures in tests/fixtures/lint/), and the real build keeps the page-weight
budget."""

import os
from pathlib import Path

import pytest

from bookkit.lint import (
    LintSetupError,
    compose,
    dockerfiles,
    links,
    markdown,
    python,
    shell,
    spelling,
    weight,
)
from bookkit.lint import __main__ as runner

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures" / "lint"
SITE = FIX / "built-site"  # not "site": .gitignore ignores site/


def joined(problems):
    return "\n".join(problems)


# --- spelling ---------------------------------------------------------------

@pytest.fixture(scope="module")
def hunspell():
    try:
        spelling.ensure_hunspell(["es", "en"])
    except LintSetupError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"hunspell is not installed here: {error}")


def test_text_leaves_out_code_outputs_keys_and_chrome():
    text = spelling.html_text((SITE / "index.html").read_text(encoding="utf-8"))
    assert "contenedor de Docker" in text
    assert "contenedro" not in text          # inline code
    assert "instrucsiones" not in text       # a console block
    assert "navegacoin" not in text          # the theme's navigation, not the page
    assert "Ctrl" not in text                # keys
    assert "Permanent link" not in text and "¶" not in text


def test_the_notes_quoted_by_a_correction_are_not_checked():
    html = ('<article class="md-content__inner"><p>Antes.</p>'
            '<p><strong>Se decía:</strong></p><ol><li>Disponsability.</li></ol>'
            '<p><strong>Lo cierto:</strong> Disposability (desechabilidad).</p>'
            '<p><strong>Se decía:</strong> contetext</p><p>Después.</p></article>')
    labels = (("Se decía:",), ("Lo cierto:",))
    assert spelling.html_text(html, quotes=labels).splitlines() == [
        "Antes.", "Lo cierto: Disposability (desechabilidad).", "Después."]
    assert spelling.quoted_labels(ROOT) == (("Se decía:", "It said:"), ("Lo cierto:", "In fact:"))


def test_words_leave_out_paths_options_and_versions():
    assert spelling.words("Usa /var/lib/docker, x86_64, (--cpus), v2 y docker.sock; «subred».") == [
        "Usa", "subred"]  # one-letter words are left out too
    assert spelling.words("teórico-práctico, Docker's") == ["teórico", "práctico", "Docker's"]


def test_a_typo_fails_with_its_page_count_and_context(hunspell):
    problems = spelling.check(FIX, SITE, wordlists=FIX / "wordlists")
    typos = [p for p in problems if "[es]" in p]
    assert any(p.startswith("docs/es/es-page.md: [es] 'contenedroes' (2 times): «")
               for p in typos), joined(problems)
    assert any("'conexcion'" in p for p in typos)  # an image's alt text is read too
    words = {p.split("'")[1] for p in typos}
    assert words == {"contenedroes", "conexcion"}, joined(problems)


def test_the_word_list_is_kept_sorted_and_free_of_junk(hunspell):
    problems = joined(spelling.check(FIX, SITE, wordlists=FIX / "wordlists"))
    assert "'subred' is not needed" not in problems
    assert "'bridge' is not needed by any page" in problems  # en_US knows it
    assert "'busybox' is not needed" in problems              # only in code
    assert "'sobrante' is not needed by any page" in problems
    assert "first out of order: 'sobrante'" in problems


def test_the_word_list_accepts_what_it_lists(hunspell, tmp_path):
    (tmp_path / "wordlist-es.txt").write_text("# Typos kept on purpose, for this test\n"
                                              "conexcion\ncontenedroes\nsubred\n", encoding="utf-8")
    assert spelling.check(FIX, SITE, wordlists=tmp_path) == []


def test_hunspells_case_rule():
    assert spelling.accepts("containerd", "Containerd")
    assert spelling.accepts("containerd", "CONTAINERD")
    assert not spelling.accepts("BuildKit", "buildkit")
    assert spelling.accepts("BuildKit", "BUILDKIT")


def test_english_pages_are_checked_with_the_english_dictionary(hunspell, tmp_path):
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "networking.md").write_text(
        "# Networking\n\nEvery container joins a netwrok.\n\n"
        "```console\n$ docker nteowrk ls\n```\n",
        encoding="utf-8")
    problems = spelling.check(tmp_path, SITE, wordlists=FIX / "wordlists")
    english = [p for p in problems if "[en]" in p]
    assert english == ["docs/en/networking.md: [en] 'netwrok': "
                       "«Networking Every container joins a netwrok.»"], joined(problems)


# --- hadolint ---------------------------------------------------------------

def test_hadolint_fails_on_a_bad_dockerfile():
    problems = dockerfiles.check(FIX, files=[FIX / "snippets/bad-df/Dockerfile"])
    text = joined(problems)
    assert "snippets/bad-df/Dockerfile:1: DL3006" in text  # untagged FROM
    assert "snippets/bad-df/Dockerfile:2: DL3008" in text  # unpinned apt packages


def test_an_inline_ignore_with_its_reason_passes():
    assert dockerfiles.check(FIX, files=[FIX / "snippets/good-df/Dockerfile"]) == []


def test_an_inline_ignore_needs_a_reason_above_it():
    problems = dockerfiles.check(FIX, files=[FIX / "snippets/good-df/Dockerfile.sin-motivo"])
    assert problems == ["snippets/good-df/Dockerfile.sin-motivo:3: "
                        "`# hadolint ignore=DL3059` needs a comment just above it saying why "
                        "the book shows it this way"]


def test_a_reason_on_the_pragma_line_is_refused_hadolint_would_ignore_nothing():
    problems = joined(dockerfiles.check(
        FIX, files=[FIX / "snippets/good-df/Dockerfile.motivo-en-la-linea"]))
    assert "put only the rules on the pragma line" in problems
    assert "DL3008" in problems  # and indeed hadolint did not ignore the rule


def test_dockerfiles_are_found_by_name():
    found = {p.name for p in (FIX / "snippets").rglob("*") if dockerfiles.is_dockerfile(p)}
    assert found == {"Dockerfile", "Dockerfile.sin-motivo", "Dockerfile.motivo-en-la-linea"}


# --- shellcheck -------------------------------------------------------------

def test_shellcheck_fails_on_a_bad_script_and_finds_scripts_by_shebang():
    scripts = [p for p in sorted((FIX / "snippets").rglob("*")) if p.is_file()
               and shell.is_shell_script(p)]
    assert [p.name for p in scripts] == ["borra.sh", "docker-plugin", "saluda.sh"]
    problems = joined(shell.check(FIX, files=scripts))
    assert "snippets/bad-sh/borra.sh:3:8: SC2086" in problems
    assert "snippets/bad-sh/docker-plugin:2:1: SC2164" in problems
    assert "saluda.sh" not in problems


# --- docker compose config --------------------------------------------------

def test_compose_config_fails_on_an_invalid_file():
    problems = compose.check(FIX, files=[FIX / "snippets/bad-compose/compose.yaml"])
    assert len(problems) == 1
    assert problems[0] == ("snippets/bad-compose/compose.yaml: validating "
                           "snippets/bad-compose/compose.yaml: services.web.ports must be a array")


def test_an_overlay_is_checked_merged_onto_its_base():
    files = [p for p in sorted((FIX / "snippets/good-compose").iterdir())
             if compose.is_compose_file(p)]
    assert [p.name for p in files] == ["compose.prod.yaml", "compose.yaml"]  # notas.yaml: no
    assert compose.base_of(files[0]) == FIX / "snippets/good-compose/compose.yaml"
    assert compose.check(FIX, files=files) == []


# --- links and anchors ------------------------------------------------------

def test_broken_anchors_and_missing_pages_fail():
    problems = links.check(SITE, SITE)
    assert problems == [
        "es-page/index.html:8: ../otra/#no-existe: no id 'no-existe' on otra/index.html",
        "es-page/index.html:8: ../falta/: no such file in the build",
    ], joined(problems)


def test_links_to_the_downloads_count_once_they_are_built(tmp_path):
    (tmp_path / "index.html").write_text('<a href="downloads/libro-es.pdf">PDF</a>')
    assert links.check(tmp_path, tmp_path) == []  # plain build: make pdf has not run
    (tmp_path / "downloads").mkdir()
    assert links.check(tmp_path, tmp_path) == [
        "index.html:1: downloads/libro-es.pdf: no such file in the build"]
    (tmp_path / "downloads" / "libro-es.pdf").write_bytes(b"%PDF-1.7")
    assert links.check(tmp_path, tmp_path) == []


def test_a_double_slash_is_reported_as_such(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/libro//downloads/a.pdf">PDF</a>')
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/libro/\n")
    assert links.check(tmp_path, tmp_path) == [
        "index.html:1: /libro//downloads/a.pdf: empty path segment (//): the URL is built "
        "from two parts that both have the slash"]


def test_a_good_site_passes(tmp_path):
    (tmp_path / "index.html").write_text('<a href="#a" id="a">a</a><a href="b/">b</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../#a">back</a>')
    assert links.check(tmp_path, tmp_path) == []


def test_external_links_are_checked_apart(tmp_path):
    assert links.external_links(SITE) == {"https://docs.docker.com/": ["index.html"]}
    assert links.check_external(SITE, fetch=lambda url: None) == []
    assert links.check_external(SITE, fetch=lambda url: "HTTP 404") == [
        "https://docs.docker.com/: HTTP 404 (linked from index.html)"]


# --- Markdown style ---------------------------------------------------------

def test_markdown_style_fails_on_a_bad_page():
    problems = joined(markdown.check(ROOT, files=[FIX / "markdown/malo.md"]))
    for rule in ("MD018", "MD010", "MD033"):
        assert rule in problems


def test_the_books_conventions_pass_the_markdown_style():
    # Admonitions, a test-options comment right before a fence, `$ ` prompts,
    # tabs in an output, long lines and a figure are the book's conventions.
    assert markdown.check(ROOT, files=[FIX / "markdown/bueno.md"]) == []


# --- ruff -------------------------------------------------------------------

def test_ruff_fails_on_bad_python(tmp_path):
    bad = tmp_path / "malo.py"
    bad.write_text("import os\n\n\ndef suma(a, b):\n    return a + b\n")
    problems = joined(python.check(ROOT, paths=[bad]))
    assert "F401" in problems
    bad.write_text("def suma(a, b):\n    return a + b\n")
    assert python.check(ROOT, paths=[bad]) == []


# --- page weight ------------------------------------------------------------

def test_a_page_over_the_budget_fails(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "pesado.js").write_bytes(os.urandom(700 * 1024))  # incompressible
    (tmp_path / "assets" / "estilo.css").write_text("@font-face{src:url(letra.woff2)}")
    (tmp_path / "assets" / "letra.woff2").write_bytes(os.urandom(10 * 1024))
    (tmp_path / "capitulo").mkdir()
    (tmp_path / "capitulo" / "index.html").write_text(
        '<html lang="es"><link rel="stylesheet" href="../assets/estilo.css">'
        '<script src="../assets/pesado.js"></script></html>')
    loaded = weight.first_load(tmp_path, (tmp_path / "capitulo" / "index.html").resolve())
    assert {p.name for p in loaded} == {"index.html", "estilo.css", "letra.woff2", "pesado.js"}
    problems = weight.check(tmp_path, tmp_path)
    assert len(problems) == 1 and problems[0].startswith("capitulo/index.html: 7")
    assert "(budget 600 KB)" in problems[0] and "assets/pesado.js" in problems[0]


@pytest.mark.build
def test_every_page_of_the_real_build_keeps_the_budget(book_site):
    site = book_site  # conftest.py: built once per session
    pages = weight.chapter_pages(site)
    assert len(pages) >= 10
    # A chapter page really pulls in Material's bundle, styles and search index.
    loaded = {p.name for p in weight.first_load(site, (site / "redes" / "index.html").resolve())}
    assert "search_index.json" in loaded and any(n.startswith("bundle.") for n in loaded)
    assert weight.check(ROOT, site) == [], weight.summary(ROOT, site)


# --- the runner -------------------------------------------------------------

def test_the_runner_needs_the_site_for_site_checks(capsys):
    assert runner.main(["links"]) == 2
    assert "needs the built site" in capsys.readouterr().err


def test_the_runner_reports_each_check(capsys):
    assert runner.main(["shell", "--root", str(FIX)]) == 1
    out = capsys.readouterr().out
    assert "lint shell: 3 problem(s)" in out and "lint: FAILED" in out


def test_an_unknown_check_is_refused():
    with pytest.raises(SystemExit):
        runner.main(["spellling"])
