"""Anchors computed for links must be the ids the toc extension gives."""

import markdown

from bookkit.book import _PLAIN_HEADING_RE, Anchors, Page
from bookkit.markdown import parse

EXTENSIONS = ["attr_list", "admonition", "pymdownx.superfences", {"toc": {"permalink": True}}]
HEADINGS = """\
# Arquitectura de Docker

## Qué hace `containerd`

## Redes *bridge* y **overlay**

## Resumen

### Resumen

## Otro { #propio }

## Ñandú & «comillas»

!!! note

    ## Dentro de un aviso
"""


def real_ids(text):
    md = markdown.Markdown(extensions=["attr_list", "admonition", "pymdownx.superfences",
                                       "toc"], extension_configs={"toc": {"permalink": True}})
    md.convert(text)
    ids = []

    def walk(tokens):
        for token in tokens:
            ids.append(token["id"])
            walk(token["children"])

    walk(md.toc_tokens)
    return ids


def test_anchors_match_the_toc_extension():
    anchors = Anchors(["attr_list", "admonition", "pymdownx.superfences", "toc"],
                      {"toc": {"permalink": True}})
    doc = parse(HEADINGS)
    assert anchors(doc.headings) == real_ids(HEADINGS)
    assert anchors(doc.headings)[:5] == ["arquitectura-de-docker", "que-hace-containerd",
                                         "redes-bridge-y-overlay", "resumen", "resumen_1"]


def test_page_sections_end_before_the_next_heading_of_their_level():
    anchors = Anchors(["attr_list", "toc"], {})
    page = Page("x.md", "# T\n\n## A\n\ntexto\n\n### A1\n\nmás\n\n## B\n\nfin\n", anchors)
    a = page.section("A")
    assert (a.anchor, a.heading.line, a.end) == ("a", 3, 10)
    assert page.section_at(9).anchor == "a1"
    assert page.title == "T"


def test_custom_slugify_setting_is_honoured():
    def upper(value, separator):
        return value.upper().replace(" ", separator)

    anchors = Anchors(["toc"], {"toc": {"slugify": upper, "separator": "_"}})
    assert anchors(parse("## Hola mundo\n").headings) == ["HOLA_MUNDO"]


def test_plain_headings_take_the_fast_path_with_the_same_ids():
    anchors = Anchors(["attr_list", "toc"], {"toc": {"permalink": True}})
    text = ("# Arquitectura\n\n## El daemon: `dockerd`\n\n## ¿Y si paramos dockerd? live-restore"
            "\n\n## Resumen\n\n### Resumen\n\n## Propio { #mio }\n\n## `compose.yaml` y `-f`\n")
    headings = parse(text).headings
    assert anchors._plain([h.text for h in headings]) == anchors._converted(headings)
    assert anchors(headings) == real_ids(text)


def test_every_page_of_the_book_gets_the_toc_ids():
    from pathlib import Path

    pages = sorted((Path(__file__).parent.parent / "docs").glob("*/*.md"))
    anchors = Anchors(["attr_list", "toc"], {"toc": {"permalink": True}})
    for path in pages:
        headings = parse(path.read_text(encoding="utf-8")).headings
        assert anchors(headings) == anchors._converted(headings), path


def test_headings_with_emphasis_take_the_fast_path_with_the_same_ids():
    anchors = Anchors(["attr_list", "toc"], {"toc": {"permalink": True}})
    text = "# El *bundle* OCI\n\n## Memoria y el *OOM killer*\n\n## Modo *debug* { #depurar }\n"
    headings = parse(text).headings
    assert all(_PLAIN_HEADING_RE.match(h.text.replace("{ #depurar }", "")) for h in headings)
    assert anchors(headings) == real_ids(text) == ["el-bundle-oci", "memoria-y-el-oom-killer",
                                                   "depurar"]


def test_a_heading_with_angle_brackets_but_no_tag_takes_the_fast_path():
    anchors = Anchors(["attr_list", "toc"], {"toc": {"permalink": True}})
    text = "## Here-documents: RUN <<EOF y COPY <<EOF\n\n## a -> b\n"
    headings = parse(text).headings
    assert all(_PLAIN_HEADING_RE.match(h.text) for h in headings)
    assert anchors(headings) == real_ids(text)
