"""hooks/glossary_links.py and hooks/glossary_page.py on the fixture book."""

import re
from pathlib import Path

import pytest
from hooks_project import build, build_error, edit_data, html, make_project


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(make_project(tmp_path_factory.mktemp("glossary")))


def links_to(page_html, target):
    """Texts of the glossary's links to ``target`` (they carry a title)."""
    return re.findall(rf'<a href="{re.escape(target)}" title="[^"]*">([^<]*)</a>', page_html)


def test_first_mention_in_prose_is_linked_once(site):
    page = html(site, "contenedores")
    assert links_to(page, "#que-es-una-imagen") == ["imagen"]
    assert "Aquí la <a href=\"#que-es-una-imagen\"" in page
    assert "Y esta otra imagen no." in page


def test_never_in_code_headings_links_html_or_admonition_titles(site):
    page = html(site, "contenedores")
    assert '<p class="admonition-title">Una imagen en el título</p>' in page
    assert '<h2 id="usar-una-imagen">Usar una imagen' in page
    assert "<code>imagen</code>" in page
    assert '<a href="https://example.com/imagen">la imagen oficial</a>' in page
    assert "<span>imagen</span>" in page


def test_never_in_the_defining_section(site):
    page = html(site, "arquitectura")
    # containerd's section (and its subsection) mention it without links...
    section = page.split('id="containerd"')[1].split('id="reiniciar-el-daemon"')[0]
    assert "<a href" not in section
    # ...while its first mention, in the opening box, links to the section.
    assert links_to(page, "#containerd") == ["containerd"]


def test_other_pages_link_across_and_tables_count_as_prose(site):
    page = html(site, "contenedores")
    assert links_to(page, "../arquitectura/#containerd") == ["containerd"]
    assert 'title="El daemon que gestiona el ciclo de vida de los contenedores."' in page


def test_glossary_page_lists_every_term_from_the_data(site):
    page = html(site, "glosario")
    assert "<p>Los términos del libro.</p>" in page
    terms = re.findall(r'<dt id="([^"]+)"><strong>([^<]+)</strong></dt>', page)
    assert terms == [("containerd", "containerd"), ("dockerd", "dockerd"), ("imagen", "imagen")]
    # A heading per initial (the table of contents) and an A-Z index to them.
    assert re.findall(r'<h2 id="(letra-[^"]+)"', page) == ["letra-c", "letra-d", "letra-i"]
    assert '<nav class="book-az" aria-label="Índice alfabético"><ul><li><a href="#letra-c">C' \
        in page
    assert '<a href="../contenedores/#que-es-una-imagen">Contenedores › Qué es una imagen</a>' \
        in page
    assert "<em>También: imágenes.</em>" in page
    # The glossary's own text is not linked to itself.
    assert "Plantilla de solo lectura" in page and 'title="Plantilla' not in page


def test_duplicate_term_fails_naming_both_entries(tmp_path):
    project = make_project(tmp_path)
    path = edit_data(project, "glossary.yml", "synonyms: [imágenes]",
                     "synonyms: [imágenes, dockerd]")
    error = build_error(project)
    assert f"{path}:13: dockerd: duplicate term 'dockerd' (es)" in error
    assert f"already defined by 'imagen' at {path}:7" in error


def test_unknown_page_fails_with_file_line_and_term(tmp_path):
    project = make_project(tmp_path)
    path = edit_data(project, "glossary.yml", "page: contenedores.md", "page: contenedor.md")
    error = build_error(project)
    assert f"{path}:7: imagen: unknown page 'contenedor.md'" in error


def test_missing_heading_fails_saying_what_to_fix(tmp_path):
    project = make_project(tmp_path)
    path = edit_data(project, "glossary.yml", 'heading: "containerd"', 'heading: "El containerd"')
    error = build_error(project)
    assert f"{path}:1: containerd: arquitectura.md has no heading 'El containerd'" in error
    assert "exact text of the heading" in error


def test_yaml_syntax_error_fails_with_file_and_line(tmp_path):
    project = make_project(tmp_path)
    path = edit_data(project, "glossary.yml", "  synonyms: [imágenes]", "  synonyms: [imágenes")
    error = build_error(project)
    assert re.search(rf"{re.escape(str(path))}:\d+: YAML error", error)


def test_terms_inside_names_paths_and_files_are_not_mentions():
    from bookkit.book import Section
    from bookkit.glossary import Linker, Term
    from bookkit.markdown import Heading, parse

    section = Section(Heading(2, "containerd", 1), "containerd", 1)
    linker = Linker([Term(["containerd"], "def", "otra.md", section, None),
                     Term(["Compose"], "def", "otra.md", section, None)])
    text = ("containerd-shim, /run/containerd/x, compose.yaml, recompose; "
            "luego containerd. Y Compose.\n")
    out = linker.link(parse(text), "p.md")
    assert out == ("containerd-shim, /run/containerd/x, compose.yaml, recompose; "
                   "luego [containerd](otra.md#containerd). Y [Compose](otra.md#containerd).\n")


def test_every_problem_is_reported_in_one_run(tmp_path):
    project = make_project(tmp_path)
    path = edit_data(project, "glossary.yml", "page: contenedores.md", "page: contenedor.md")
    edit_data(project, "glossary.yml", 'heading: "containerd"', 'heading: "El containerd"')
    corrections = project / "data" / "corrections.yml"
    corrections.write_text(corrections.read_text().replace("con LXC.", "con LXD."))
    error = build_error(project)
    assert f"{path}:1: containerd: arquitectura.md has no heading" in error
    assert f"{path}:7: imagen: unknown page 'contenedor.md'" in error
    assert f"{corrections}:1: lxc: the passage in 'after' is nowhere" in error
    assert error.count("unknown page 'contenedor.md'") == 1  # once, not once per hook


def test_a_terms_own_spelling_variants_are_not_duplicates(tmp_path):
    from bookkit.glossary import load_entries

    path = tmp_path / "glossary.yml"
    path.write_text('- term: quórum\n  synonyms: [quorum, Quórum]\n  es: "x"\n'
                    '  page: a.md\n  heading: "A"\n', encoding="utf-8")
    assert len(load_entries(path)) == 1


def test_other_senses_hide_the_term_and_names_may_hold_dots_and_slashes():
    from bookkit.book import Section
    from bookkit.glossary import Linker, Term
    from bookkit.markdown import Heading, parse

    section = Section(Heading(2, "Capas", 1), "capas", 1)
    linker = Linker([Term(["capa"], "def", "otra.md", section, None, ["esas capas"]),
                     Term(["802.1Q"], "def", "otra.md", section, None),
                     Term(["paridad dev/prod"], "def", "otra.md", section, None)])
    text = "Esas capas del programa. Las capas de una imagen, 802.1Q y Paridad dev/prod.\n"
    assert linker.link(parse(text), "p.md") == (
        "Esas capas del programa. Las [capas](otra.md#capas) de una imagen, "
        "[802.1Q](otra.md#capas) y [Paridad dev/prod](otra.md#capas).\n")


def test_a_term_is_never_linked_on_the_pages_it_is_not_in():
    from bookkit.book import Section
    from bookkit.glossary import Linker, Term
    from bookkit.markdown import Heading, parse

    section = Section(Heading(2, "Qué es", 1), "que-es", 1)
    linker = Linker([Term(["tarea"], "def", "swarm.md", section, None,
                          not_in=frozenset({"microservicios.md"}))])
    text = "Una tarea de un servicio.\n"
    assert linker.link(parse(text), "microservicios.md") == text
    assert linker.link(parse(text), "redes.md") == (
        "Una [tarea](swarm.md#que-es) de un servicio.\n")


def test_not_in_an_unknown_page_fails_with_file_line_and_fix(tmp_path):
    project = make_project(tmp_path)
    path = edit_data(project, "glossary.yml", "  synonyms: [imágenes]",
                     "  synonyms: [imágenes]\n  not_in: [no-existe.md]")
    error = build_error(project)
    assert (f"{path}:7: imagen: not_in names an unknown page 'no-existe.md' "
            "(no docs/es/no-existe.md); fix or remove it") in error


def test_an_other_sense_without_the_term_fails_with_file_line_and_fix(tmp_path):
    project = make_project(tmp_path)
    path = edit_data(project, "glossary.yml", "  synonyms: [imágenes]",
                '  synonyms: [imágenes]\n  other_senses: ["esas capas"]')
    error = build_error(project)
    assert f"{path}:7: imagen: other_senses 'esas capas' does not contain the term" in error


def test_glossary_initials_and_term_ids():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "glossary_page", Path(__file__).resolve().parent.parent / "hooks" / "glossary_page.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    assert [hook.glossary_initial(n) for n in ("Ámbito", ".dockerignore", "802.1Q", "ñu")] \
        == ["A", "D", "0-9", "Ñ"]
    used: set[str] = set()
    assert hook.term_id("Capa de imagen", used) == "capa-de-imagen"
    assert hook.term_id("capa de imagen", used) == "capa-de-imagen-2"
    assert hook.term_id("Letra A", used) == "termino-letra-a"  # the letters' are letra-x
