"""bookkit.render: data texts as HTML, the same as Python-Markdown makes them."""

from pathlib import Path

from mkdocs.config import load_config

from bookkit.corrections import load_entries as load_corrections
from bookkit.glossary import load_entries as load_glossary
from bookkit.render import Renderer, text_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_every_data_text_renders_as_python_markdown_renders_it_alone():
    config = load_config(str(ROOT / "mkdocs.yml"))
    extensions, configs = config["markdown_extensions"], config["mdx_configs"]
    texts = [entry[key] for entry in load_corrections(ROOT / "data" / "corrections.yml")
             for key in ("said", "truth") if isinstance(entry[key], str)]
    texts += [entry["es"] for entry in load_glossary(ROOT / "data" / "glossary.yml")]
    texts += ["--squash", "1. no es una lista", "Con `código` y *énfasis*", ""]
    renderer = Renderer(extensions, configs)
    renderer.prepare(texts)  # together, plain ones without Python-Markdown
    for text in texts:
        alone = text_markdown(extensions, configs)
        assert renderer.block(text) == alone.convert(text).strip(), text


def test_inline_and_a_lead_in_the_first_paragraph():
    renderer = Renderer(["admonition"], {})
    assert renderer.inline("Un *aviso*") == "Un <em>aviso</em>"
    assert renderer.paragraphs("<strong>Se decía:</strong> ", "a\n\nb") == \
        "<p><strong>Se decía:</strong> a</p>\n<p>b</p>"


def test_the_plain_fast_path_is_what_python_markdown_makes():
    from bookkit.render import _PLAIN_RE

    samples = ["9. Disponsability.", "- item", "--squash solo junta", "a -> b", "> cita",
               "# título", "endpoint_mode: dnsrr", "_énfasis_", "a _b_ c", "++ctrl++",
               "x == y, a+b", "Hello World!", "{id} y ~/.docker", "2377/tcp es", "---",
               "«Ctrl+PQ»", "    código", "$ DOCKER_HOST=x", "CMD [\"date\"]", "a | b"]
    renderer = Renderer(["tables", "pymdownx.keys", "attr_list", "def_list"], {})
    for text in samples:
        alone = text_markdown(["tables", "pymdownx.keys", "attr_list", "def_list"], {})
        assert renderer.block(text) == alone.convert(text).strip(), text
    assert sum(bool(_PLAIN_RE.fullmatch(text)) for text in samples) >= 8


def test_a_placeholder_in_angle_brackets_shows_as_written():
    renderer = Renderer(["md_in_html", "pymdownx.superfences"], {})
    assert renderer.inline("docker container exec -it <contenedor> sh") == \
        "docker container exec -it &lt;contenedor&gt; sh"
    assert renderer.block("<div>\nno es HTML\n</div>") == \
        "<p>&lt;div&gt;\nno es HTML\n&lt;/div&gt;</p>"
    assert renderer.inline("`<none>` y <none>") == "<code>&lt;none&gt;</code> y &lt;none&gt;"


def test_relative_links_in_data_texts_are_found():
    from bookkit.render import link_not_url

    assert link_not_url("Ver [x](redes.md#a) y [y](https://d.io)") == "redes.md#a"
    assert link_not_url("Solo [y](https://docs.docker.com/) y `[z](#w)`") is None
    assert link_not_url("Ancla [z](#w)") == "#w"
    assert link_not_url("Sin enlaces, on-failure[:max-retries] y CMD [\"date\"]") is None
