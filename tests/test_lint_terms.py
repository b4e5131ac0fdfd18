"""`make lint`'s terms check (data/terms.yml): a fixture page with the
rejected variants fails at each one, with file:line, the word and the
preferred term; code, URLs and comments are left alone; the data texts are
checked at their YAML line; the list itself is checked against its schema;
and the real book passes."""

import shutil
from pathlib import Path

import pytest

from bookkit.data import DataError, load_validated
from bookkit.lint import __main__ as runner
from bookkit.lint import terms

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures" / "lint" / "terms"


@pytest.fixture
def project(tmp_path):
    """The fixture pages and data, with the book's own term list."""
    root = tmp_path / "book"
    shutil.copytree(FIX, root)
    for name in (terms.TERMS, terms.SCHEMA):
        shutil.copy(ROOT / name, root / name)
    return root


def found(root):
    return {(where, line, " ".join(word.split()), term.preferred)
            for where, line, word, term in terms.findings(root)}


def test_a_rejected_variant_fails_with_file_line_word_and_preferred_term(project):
    problems = terms.check(project)
    assert ("docs/es/pagina.md:3: 'archivo': the book writes 'fichero' "
            "(data/terms.yml:24)") in problems
    assert runner.main(["terms", "--root", str(project)]) == 1


def test_prose_headings_titles_and_tables_are_read_code_is_not(project):
    page = "docs/es/pagina.md"
    assert {(line, word) for where, line, word, _ in found(project) if where == page} == {
        (3, "archivo"), (3, "archivos"),  # the plural too
        (7, "archivo"),  # a link's text (not its URL, nor the comment, code or URL before it)
        (11, "routing mesh"),  # plain; the two in italics beside it are fine
        (11, "malla de enrutado"),  # a phrase split across two lines: where it starts
        (14, "Comandos"), (14, "quorum"),  # a heading
        (16, "archivos"), (16, "Desexportamos"),  # whole words: not archivero, comandante
        (18, "comando"), (20, "librería"),  # an admonition's title and its body
        (22, "Comando"), (24, "rollback"),  # a table's header and a row
    }


def test_generated_pages_are_left_out_their_data_is_checked(project):
    where = {(w, line, word) for w, line, word, _ in found(project) if not w.endswith("pagina.md")}
    # glosario.md is written from data; a correction's `said` quotes the notes.
    assert where == {("data/glossary.yml", 5, "archivo"), ("data/corrections.yml", 5, "archivo")}


def test_only_the_files_handed_over_are_checked(project):
    only = terms.check(project, files=[project / "data" / "glossary.yml"])
    assert only == ["data/glossary.yml:5: 'archivo': the book writes 'fichero' "
                    "(data/terms.yml:24)"]


def test_a_term_list_that_breaks_its_schema_fails_with_its_line(project):
    path = project / terms.TERMS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - preferred: orden\n    rejected: [comando]",
                                 "  - preferred: orden\n    rejectd: [comando]")
                    .replace("rejected: [quorum]", "rejected: [' quorum']"), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_validated(path, project / terms.SCHEMA)
    message = str(error.value)
    # The entry's line; a wrong key's own line; the value's line.
    assert f"{path}:29: es/1: 'rejected' is a required property" in message
    assert f"{path}:30: es/1: Additional properties are not allowed ('rejectd'" in message
    assert f"{path}:38: es/3/rejected/0: ' quorum' does not match" in message
    assert terms.check(project) == message.splitlines()


def test_the_list_is_published_for_editors():
    first = (ROOT / terms.TERMS).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={terms.SCHEMA.name}"
    assert load_validated(ROOT / terms.TERMS, ROOT / terms.SCHEMA)["en"] == []


def test_the_book_writes_the_preferred_terms():
    problems = terms.check(ROOT)
    assert not problems, "\n".join(problems)
