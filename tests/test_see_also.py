"""hooks/see_also.py on the fixture book."""

from hooks_project import build, build_error, html, make_project


def test_each_place_links_to_the_others_at_the_end_of_its_section(tmp_path):
    site = build(make_project(tmp_path))
    swarm = html(site, "swarm")
    box = swarm.index('<p class="admonition-title">Véase también</p>')
    assert swarm.index('id="publicar-servicios"') < box < swarm.index('id="resumen"')
    assert '<a href="../contenedores/#redes">Contenedores › Redes</a>' in swarm
    redes = html(site, "contenedores")
    assert '<a href="../swarm/#publicar-servicios">Swarm › Publicar servicios</a>' in redes


def test_unknown_anchor_fails_listing_the_real_ones(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "see-also.yml"
    path.write_text(path.read_text().replace("#publicar-servicios", "#publicar"))
    error = build_error(project)
    assert f"{path}:1: publicar: swarm.md has no heading with anchor 'publicar'" in error
    assert "use one of: swarm, publicar-servicios, resumen" in error


def test_unknown_page_fails(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "see-also.yml"
    path.write_text(path.read_text().replace("swarm.md#", "enjambre.md#"))
    assert f"{path}:1: publicar: unknown page 'enjambre.md'" in build_error(project)


def test_a_heading_s_code_stays_code_in_the_box(tmp_path):
    # Spelled as prose, `.env` in a link text would be a misspelt word "env".
    project = make_project(tmp_path)
    page = project / "docs" / "es" / "swarm.md"
    page.write_text(page.read_text().replace(
        "## Publicar servicios", "## Publicar servicios con `--publish` {#publicar-servicios}"))
    redes = html(build(project), "contenedores")
    assert ('<a href="../swarm/#publicar-servicios">Swarm › Publicar servicios con '
            '<code>--publish</code></a>') in redes
