"""An English section whose Spanish original changed since it was
translated says so to its reader, with the date of its translation
(bookkit.translations, data/translations.yml). Last in the hook list: the
notice is added to the finished page and nothing links inside it."""

from bookkit import site, translations
from bookkit.i18n import SOURCE_LANGUAGE, language
from bookkit.markdown import insert_lines, parse_page


def on_page_markdown(markdown, page, config, files):
    lang = language(config)
    name = page.file.src_uri.removeprefix(f"{lang}/")
    if lang == SOURCE_LANGUAGE or not (translations.SOURCE / name).exists():
        return markdown
    behind = translations.behind(name)
    if not behind:
        return markdown
    doc = parse_page(markdown, page.file.src_uri)
    with site.data_errors():
        labels = site.labels(config)
        inserts = []
        for index, _, since in behind:
            after = doc.headings[index - 1].line if index else 0
            inserts.append((after, '!!! warning ""\n\n    '
                            + labels.get("behind_notice", lang, date=since)))
        return insert_lines(doc, inserts).text
    return markdown
