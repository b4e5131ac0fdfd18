"""Every hook works for each language the i18n plugin builds: with English
text in the data, the English edition builds with English words and the
errata page lands under /en/."""

import shutil

from hooks_project import build, html, make_project

GLOSSARY = """\
- term: {es: containerd, en: containerd}
  es: "El daemon que gestiona el ciclo de vida."
  en: "The daemon that manages the container lifecycle."
  page: arquitectura.md
  heading: {es: "containerd", en: "containerd"}
"""
CORRECTIONS = """\
- id: lxc
  page: arquitectura.md
  after: {es: "creaba los contenedores con LXC.", en: "creaba los contenedores con LXC."}
  said: {es: "Docker usa LXC.", en: "Docker uses LXC."}
  truth: {es: "Usa runc.", en: "It uses runc."}
  sources: ["https://docs.docker.com/engine/"]
  example: {es: "arquitectura.md#containerd", en: "arquitectura.md#containerd"}
  reader_cares: true
"""
SEE_ALSO = """\
- id: publicar
  links:
    - {es: contenedores.md#redes, en: contenedores.md#redes}
    - swarm.md
"""


def test_english_edition_builds_with_its_own_text(tmp_path):
    project = make_project(tmp_path, english=True)
    shutil.copytree(project / "docs" / "es", project / "docs" / "en")
    (project / "data" / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    (project / "data" / "corrections.yml").write_text(CORRECTIONS, encoding="utf-8")
    (project / "data" / "see-also.yml").write_text(SEE_ALSO, encoding="utf-8")
    site = build(project)

    spanish, english = html(site, "arquitectura"), html(site, "en/arquitectura")
    assert "Corrección" in spanish and "Docker usa LXC." in spanish
    assert '<p class="admonition-title">Correction</p>' in english
    assert "Docker uses LXC." in english
    assert 'title="The daemon that manages the container lifecycle."' in english

    assert '<h1 id="errata">Errata' in html(site, "en/erratas")
    assert '<h1 id="fe-de-erratas">Fe de erratas' in html(site, "erratas")
    assert "See also" in html(site, "en/swarm")
    assert "The daemon that manages" in html(site, "en/glosario")
