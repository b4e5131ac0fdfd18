"""A page including a snippet that does not exist fails with its file:line."""

from hooks_project import build_error, make_project


def test_a_missing_snippet_names_the_page_and_line(tmp_path):
    project = make_project(tmp_path)
    page = project / "docs" / "es" / "contenedores.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    page.write_text("\n".join([*lines[:2], '--8<-- "no-existe/Dockerfile"', *lines[2:]]),
                    encoding="utf-8")
    error = build_error(project)
    assert "docs/es/contenedores.md:3: snippet 'no-existe/Dockerfile' not found" in error
