"""The English edition kept in step with the Spanish one: parity problems
name both files and lines; sync gives both editions the output of one run."""

from datetime import date

from bookkit import translations, variants
from bookkit.data import Entry

SPANISH = """# Redes

Creamos una red:

<!-- test: timeout=30 -->
```console
$ docker network create demo
3f4e5d6c7b8a
```

## Más

```console
$ echo hola
hola
```
"""

ENGLISH = """# Networks

We create a network:

<!-- test: timeout=30 -->
```console
$ docker network create demo
0000aaaabbbb
```

## More

```console
$ echo hola
hola
```
"""


def write(tmp_path, spanish, english):
    (tmp_path / "es.md").write_text(spanish)
    (tmp_path / "en.md").write_text(english)
    return tmp_path / "es.md", tmp_path / "en.md"


def test_a_faithful_translation_has_no_problems(tmp_path):
    assert translations.problems(*write(tmp_path, SPANISH, ENGLISH)) == []


def test_sync_copies_the_spanish_run_into_the_english_blocks(tmp_path):
    source, translation = write(tmp_path, SPANISH, ENGLISH)
    assert translations.sync(source, translation) == 1
    text = translation.read_text()
    assert "3f4e5d6c7b8a" in text and "0000aaaabbbb" not in text
    assert "We create a network:" in text  # the prose is the translator's
    assert translations.sync(source, translation) == 0


def test_a_missing_or_changed_example_names_both_places(tmp_path):
    missing = ENGLISH[:ENGLISH.index("## More")] + "## More\n"
    found = translations.problems(*write(tmp_path, SPANISH, missing))
    assert any("missing the example of" in p and "es.md:13" in p for p in found), found
    changed = ENGLISH.replace("$ echo hola", "$ echo hello")
    found = translations.problems(*write(tmp_path, SPANISH, changed))
    assert any("en.md:13: its commands differ from" in p and "es.md:13" in p for p in found)


def test_a_declared_message_may_differ_and_the_page_then_runs_itself(tmp_path):
    english = ENGLISH.replace("$ echo hola\nhola", "$ echo hello\nhola")
    source, translation = write(tmp_path, SPANISH, english)
    entry = Entry(es="hola", en="hello")
    entry.line = 7
    assert translations.problems(source, translation, [entry]) == []
    # Its outputs come from its own run: nothing synced, nothing covered.
    assert translations.runs_itself(source, translation)
    assert translations.sync(source, translation) == 0
    assert "0000aaaabbbb" in translation.read_text()
    stale = Entry(es="adiós", en="goodbye")
    stale.line = 9
    found = translations.problems(source, translation, [entry, stale])
    assert found == [f"{translations._show(translations.STRINGS)}:9: 'adiós' is in no command "
                     f"of {source}; fix it or remove the entry"]


def test_the_english_page_includes_the_english_variant(tmp_path, monkeypatch):
    snippets = tmp_path / "snippets"
    (snippets / "en" / "demo").mkdir(parents=True)
    (snippets / "demo").mkdir()
    for folder in (snippets / "demo", snippets / "en" / "demo"):
        (folder / "Dockerfile").write_text("# un comentario\nFROM busybox:1.37\n")
    monkeypatch.setattr(variants, "VARIANTS", snippets / "en")
    monkeypatch.setattr(variants, "SNIPPETS", snippets)
    include = '\n--8<-- "demo/Dockerfile"\n'
    spanish, english = SPANISH + include, ENGLISH + include
    found = translations.problems(*write(tmp_path, spanish, english), [])
    assert found == [f"{tmp_path}/en.md:18: demo/Dockerfile has an English variant; "
                     "include en/demo/Dockerfile"]
    english = ENGLISH + include.replace('"demo/', '"en/demo/')
    assert translations.problems(*write(tmp_path, spanish, english), []) == []
    (snippets / "en" / "demo" / "Otro").write_text("sin gemelo\n")
    assert variants.orphans() == [snippets / "en" / "demo" / "Otro"]


def test_headings_must_keep_their_depths(tmp_path):
    found = translations.problems(*write(tmp_path, SPANISH, ENGLISH.replace("## More", "### More")))
    assert any("headings' depths" in p for p in found), found


def test_sync_brings_a_new_spanish_annotation(tmp_path):
    spanish = SPANISH.replace("```console\n$ echo hola",
                              "<!-- test: timeout=9 -->\n```console\n$ echo hola")
    source, translation = write(tmp_path, spanish, ENGLISH)
    assert translations.sync(source, translation) == 2
    assert '<!-- test: timeout=9 -->\n```console\n$ echo hola' in translation.read_text()
    assert translations.problems(source, translation) == []


def test_a_changed_spanish_section_is_behind_until_marked(tmp_path, monkeypatch):
    source, _ = write(tmp_path, SPANISH, ENGLISH)
    source.rename(tmp_path / "redes.md")
    monkeypatch.setattr(translations, "SOURCE", tmp_path)
    record = tmp_path / "translations.yml"
    translations.mark(["redes.md"], record)
    assert translations.behind("redes.md", record) == []
    page = tmp_path / "redes.md"
    page.write_text(SPANISH.replace("hola\n```", "adiós\n```"))  # only an output
    assert translations.behind("redes.md", record) == []
    page.write_text(SPANISH.replace("## Más", "## Más\n\nUn párrafo nuevo."))
    (index, title, since), = translations.behind("redes.md", record)
    assert (index, title) == (2, "Más") and since == date.today().isoformat()


def test_marking_one_page_keeps_the_others_records(tmp_path, monkeypatch):
    source, _ = write(tmp_path, SPANISH, ENGLISH)
    monkeypatch.setattr(translations, "SOURCE", tmp_path)
    record = tmp_path / "translations.yml"
    translations.mark(["es.md"], record)
    (tmp_path / "otra.md").write_text(SPANISH)
    translations.mark(["otra.md"], record)  # the first page's entries come back from the file
    assert translations.recorded_pages(record) == {"es.md", "otra.md"}
    assert translations.behind("es.md", record) == []
