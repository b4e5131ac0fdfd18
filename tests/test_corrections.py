"""hooks/corrections.py and hooks/errata_page.py on the fixture book."""

import json
import re
import shutil

import pytest
from hooks_project import build, build_error, edit_data, html, make_project


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(make_project(tmp_path_factory.mktemp("corrections")))


def test_callout_follows_the_block_with_the_passage(site):
    page = html(site, "arquitectura")
    passage = page.index("creaba los contenedores con LXC.</p>")
    callout = page.index('<div class="admonition bug" id="errata-lxc">')
    next_paragraph = page.index("<p>Después, runc crea el contenedor y termina.</p>")
    assert passage < callout < next_paragraph
    box = page[callout:next_paragraph]
    assert "<strong>Se decía:</strong> Docker crea los contenedores con LXC." in box
    assert "<strong>Lo cierto:</strong> Desde la versión 0.9 usa libcontainer" in box
    assert '<a href="https://docs.docker.com/engine/">docs.docker.com/engine</a>' in box
    assert '<a href="#containerd">containerd</a>' in box  # the example
    # The id is the callout's (a link lands on its title); what was said
    # wrong stays out of the search index.
    assert '<div data-search-exclude>\n<p><strong>Se decía:</strong>' in box


def test_a_typo_gets_no_callout(site):
    assert "rnuc" not in html(site, "arquitectura")


def test_errata_page_lists_every_correction_with_its_place(site):
    page = html(site, "erratas")
    assert '<h1 id="fe-de-erratas">Fe de erratas' in page
    assert '<a href="../arquitectura/#errata-lxc">Ver la corrección en su sitio</a>' in page
    # The typo links to the section that holds its passage.
    assert '<a href="../arquitectura/#del-cliente-al-kernel">Errata menor' in page
    assert "<strong>Se decía:</strong> rnuc" in page
    assert '<li id="e-lxc">' in page  # each entry has an id of its own


def edit(project, old, new):
    return edit_data(project, "corrections.yml", old, new)


def test_stale_passage_fails_with_file_line_and_id(tmp_path):
    project = make_project(tmp_path)
    page = project / "docs" / "es" / "arquitectura.md"
    page.write_text(page.read_text().replace("con LXC.", "con LXC (ya no)."))
    error = build_error(project)
    path = project / "data" / "corrections.yml"
    assert f"{path}:1: lxc: the passage in 'after' is nowhere in arquitectura.md" in error
    assert "copy the exact text of a sentence of its prose into 'after'" in error


def test_passage_only_in_code_is_not_prose(tmp_path):
    project = make_project(tmp_path)
    path = edit(project, '"creaba los contenedores con LXC."', '"docker container ls"')
    error = build_error(project)
    assert f"{path}:1: lxc: the passage in 'after' is only outside prose" in error


def test_passage_may_wrap_differently_than_the_page(tmp_path):
    project = make_project(tmp_path)
    edit(project, '"creaba los contenedores con LXC."', '"creaba los\n    contenedores con LXC."')
    assert 'id="errata-lxc"' in html(build(project), "arquitectura")


def test_unknown_page_fails(tmp_path):
    project = make_project(tmp_path)
    path = edit(project, "page: arquitectura.md\n  after: \"creaba",
                "page: arquitecture.md\n  after: \"creaba")
    error = build_error(project)
    assert f"{path}:1: lxc: unknown page 'arquitecture.md'" in error


def test_yaml_error_fails_with_file_and_line(tmp_path):
    project = make_project(tmp_path)
    path = edit(project, '  said: "Docker crea', '  said: "Docker: "crea')
    error = build_error(project)
    assert re.search(rf"{re.escape(str(path))}:4: YAML error", error)


def test_unknown_key_and_duplicate_id_fail(tmp_path):
    project = make_project(tmp_path)
    path = edit(project, "- id: errata-runc", "- id: lxc\n  title: x")
    error = build_error(project)
    assert f"{path}:10: lxc: unknown key(s) title" in error


def test_missing_language_text_fails_only_when_that_language_is_built(tmp_path):
    project = make_project(tmp_path, english=True)
    shutil.copytree(project / "docs" / "es", project / "docs" / "en")
    error = build_error(project)
    path = project / "data" / "corrections.yml"
    assert f"{path}:1: lxc: no en text for 'said' (a plain value is Spanish text)" in error
    assert "add said: {es: ..., en: ...}" in error


def test_report_is_unrelated_to_corrections(tmp_path):
    # A report with nothing for these pages changes nothing here.
    project = make_project(tmp_path)
    report = project / ".book-report" / "examples.json"
    report.parent.mkdir()
    report.write_text(json.dumps({"date": "2026-11-30T12:00:00Z", "engine": "26.1.5",
                                  "pages": {}}))
    assert 'id="errata-lxc"' in html(build(project), "arquitectura")

