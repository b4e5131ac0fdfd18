"""bookkit.markdown's view of prose: what the hooks may link or correct."""

from bookkit.markdown import inline_spans, parse, prose_text

PAGE = """\
# Título

Un párrafo
de dos líneas.

- uno
- dos

!!! note "Título del aviso"

    Cuerpo del aviso.

| Cabecera | Otra |
| --- | --- |
| celda | celda |

=== "Pestaña A"

    Texto A.

=== "Pestaña B"

    Texto B.

```console
$ docker info
```

*[API]: Application Programming Interface
"""


def lines_of(doc):
    return [(p.start, p.end) for p in doc.prose]


def test_prose_is_paragraphs_list_items_bodies_and_table_rows():
    doc = parse(PAGE)
    texts = [prose_text(doc, p)[1].strip() for p in doc.prose]
    assert texts == ["Un párrafo\nde dos líneas.", "- uno", "- dos", "Cuerpo del aviso.",
                     "| celda | celda |", "Texto A.", "Texto B."]


def test_titles_headings_code_and_abbreviations_are_not_prose():
    doc = parse(PAGE)
    text = "\n".join(prose_text(doc, p)[1] for p in doc.prose)
    for never in ("Título", "Cabecera", "docker info", "Application", "Pestaña"):
        assert never not in text


def test_a_container_is_one_top_level_block_with_its_title():
    doc = parse(PAGE)
    assert (9, 11) in doc.top_blocks  # !!! note + body
    assert (17, 23) in doc.top_blocks  # both tabs: one group
    body = next(p for p in doc.prose if p.start == 11)
    assert body.block == (9, 11)
    tab_a = next(p for p in doc.prose if p.start == 19)
    assert tab_a.block == (17, 23)


def test_existing_parser_api_still_sees_blocks_and_headings():
    doc = parse(PAGE)
    assert [b.lang for b in doc.blocks] == ["console"]
    assert [h.text for h in doc.headings] == ["Título"]


def spans(text):
    return [(s.kind, text[s.start:s.end]) for s in inline_spans(text)]


def test_inline_spans_protect_code_links_html_urls_attrs_and_keys():
    text = ("a `co de` [enlace `x`](u (v)) <span>h</span> https://x.y/z "
            "{: #id } ++ctrl+c++ \\* ``a ` b`` fin")
    kinds = [kind for kind, _ in spans(text) if kind != "text"]
    assert kinds == ["code", "link", "html", "url", "attr", "keys", "escape", "code"]
    plain = "".join(t for kind, t in spans(text) if kind == "text")
    assert plain.split() == ["a", "fin"]


def test_unclosed_backticks_and_brackets_are_text():
    assert spans("a ` b [c") == [("text", "a ` b [c")]


def test_images_reference_links_and_footnotes_are_links():
    text = "![alt](i.png) [texto][ref] nota[^1]"
    assert [k for k, _ in spans(text) if k != "text"] == ["link", "link", "link"]


def test_find_words_ignores_how_the_text_is_wrapped():
    doc = parse("Uno  dos\ntres.\n\n- uno dos\n  tres, otra vez: uno dos tres.\n")
    assert [doc.text[s:e] for s, e in doc.find_words("uno dos\n tres")] == [
        "uno dos\n  tres", "uno dos tres"]
    assert [(doc.line_of(s), doc.line_of(e - 1)) for s, e in doc.find_words("dos tres")] == [
        (1, 2), (4, 5), (5, 5)]
    assert [doc.text[s:e] for s, e in doc.find_words("Uno dos tres.")] == ["Uno  dos\ntres."]
    assert doc.find_words("no está") == []
