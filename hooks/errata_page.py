"""The errata page ("Fe de erratas"): generated from data/corrections.yml,
it lists every correction with a link to its place in the book. There is no
file for it in docs/: it is added to the build as a virtual page."""

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from bookkit import corrections, site
from bookkit.i18n import default_language

DATA = "corrections.yml"


@event_priority(-110)  # after mkdocs-static-i18n has picked this language's files
def on_files(files, config):
    lang, book = site.build(files, config)
    path = site.data_path(config, DATA)
    errors = []
    entries = site.load(config, DATA, corrections.load_entries, default=[])
    resolved = corrections.resolve(entries, path, lang, book, errors)
    site.collected(errors)  # the corrections hook reports the same; once is enough
    with site.data_errors():
        content = corrections.errata_markdown(resolved, book, site.labels(config), lang,
                                              site.nav_order(config))
        files.append(_virtual_page(config, lang, content))
    return files


def _virtual_page(config, lang: str, content: str) -> File:
    key = corrections.ERRATA_PAGE
    i18n = config.plugins.get("i18n")
    src_uri = f"{lang}/{key}" if i18n else key
    file = File.generated(config, src_uri, content=content)
    if i18n:
        # What mkdocs-static-i18n does to the pages it finds in docs/<lang>/:
        # the default language is served at the site root, others under /<lang>/.
        dest = File(key, None, config.site_dir, config.use_directory_urls).dest_uri
        file.dest_uri = dest if lang == default_language(config) else f"{lang}/{dest}"
        file.norm_src_uri = key
        file.locale = file.locale_alternate_of = file.localization = lang
        file.alternates = {lang: file}
    return file
