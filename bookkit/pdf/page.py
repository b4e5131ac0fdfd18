"""One built page of the site, made ready to be a chapter of the PDF.

From the page's ``<article>`` (what the reader sees, with everything the hooks
added) it removes what only makes sense on screen (edit buttons, permalinks,
line anchors, radio buttons of tabs), and rewrites what must work on paper:

- ids are prefixed with the chapter's slug, so all chapters fit in one
  document; links to a chapter of the book become links inside the PDF
  (``#slug--anchor``), other links to the site become absolute URLs on the
  published site, and external links stay as they are (clickable);
- images point at the files of the built site (``file://``);
- a Mermaid block whose source is one of diagrams/*.mmd becomes its rendered
  SVG (docs/assets/diagrams/, as in the site);
- collapsible blocks (``<details>``) are shown open, as admonitions;
- every tab of a tabbed block is shown, one after another, under its label;
- a line of code long enough to need it becomes an element of its own, so
  that the stylesheet can wrap it visibly (a marker on every continuation
  row) instead of cutting it at the margin; the text stays the code, so it
  can be copied.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import tinyhtml5

from bookkit.pdf.structure import Chapter

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


def has_class(el: ET.Element, name: str) -> bool:
    return name in classes(el)


def drop(parent: ET.Element, el: ET.Element) -> None:
    """Remove el, keeping the text that follows it."""
    index = list(parent).index(el)
    if el.tail:
        if index:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def unwrap(parent: ET.Element, el: ET.Element) -> None:
    """Replace el by its children and text."""
    index = list(parent).index(el)
    text, tail, children = el.text or "", el.tail or "", list(el)
    if index:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if children:
        last = children[-1]
        last.tail = (last.tail or "") + tail
    elif index:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def article(path: Path) -> ET.Element:
    """The content of a built Material page."""
    tree = tinyhtml5.parse(path.read_bytes(), namespace_html_elements=False)
    for el in tree.iter("article"):
        if has_class(el, "md-content__inner"):
            return el
    raise ValueError(f"{path}: no <article class=\"md-content__inner\"> (not a Material page?)")


class Linker:
    """Where a link of a page points to in the PDF."""

    def __init__(self, chapters: list[Chapter], site_dir: Path, site_url: str):
        self.site_dir = site_dir
        self.site_url = site_url or ""
        self.by_path: dict[str, str] = {}
        for chapter in chapters:
            url = "/" + chapter.url
            self.by_path[url] = chapter.slug
            if url.endswith("/"):
                self.by_path[url + "index.html"] = chapter.slug

    def href(self, href: str, chapter: Chapter) -> str:
        if href.startswith("#"):
            return f"#{chapter.slug}--{href[1:]}" if len(href) > 1 else f"#{chapter.slug}"
        if SCHEME.match(href) or href.startswith("//"):
            return href  # external: stays clickable
        absolute = urljoin("/" + chapter.url, href)
        parts = urlsplit(absolute)
        path = posixpath.normpath(unquote(parts.path)) + ("/" if parts.path.endswith("/") else "")
        path = "/" if path in ("//", "/./") else path
        target = self.by_path.get(path)
        if target is not None:
            return f"#{target}--{parts.fragment}" if parts.fragment else f"#{target}"
        # Another page of the site (another language, a download): the published site.
        return urljoin(self.site_url, absolute.lstrip("/")) if self.site_url else href

    def src(self, src: str, chapter: Chapter) -> str:
        if SCHEME.match(src) or src.startswith("//"):
            return src  # data: stays; http(s): refused by the fetcher, so the build says so
        path = urlsplit(urljoin("/" + chapter.url, src)).path
        return (self.site_dir / unquote(path).lstrip("/")).resolve().as_uri()


def _normalise(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def diagrams(directory: Path) -> dict[str, str]:
    """Mermaid source (normalised) -> the name of its rendered SVG."""
    return {_normalise(p.read_text(encoding="utf-8")): p.stem
            for p in sorted(directory.glob("*.mmd"))}


def _code_lines(code: ET.Element) -> list[list[tuple[str | None, str]]]:
    """The code as lines of (css class, text) runs (Pygments spans are flat)."""
    runs: list[tuple[str | None, str]] = []

    def walk(el: ET.Element, cls: str | None) -> None:
        if el.text:
            runs.append((cls, el.text))
        for child in el:
            walk(child, child.get("class") or cls)
            if child.tail:
                runs.append((cls, child.tail))

    walk(code, None)
    lines: list[list[tuple[str | None, str]]] = [[]]
    for cls, text in runs:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((cls, piece))
    if lines and not lines[-1]:
        lines.pop()
    return lines


# Lines longer than this may wrap somewhere (in a list inside an admonition):
# only they become blocks that can carry the continuation marker.
LONG_LINE = 64


def split_code(code: ET.Element, styled: set[str] | None = None) -> None:
    """Lines long enough to wrap become span.line blocks (the stylesheet marks
    their continuation rows); the other lines stay plain text, which is much
    cheaper to lay out. Runs whose class has no style (when ``styled`` is
    given) become plain text too."""
    lines = _code_lines(code)
    for child in list(code):
        code.remove(child)
    code.text = None

    def add(parent: ET.Element, cls: str | None, text: str) -> None:
        last = parent[-1] if len(parent) else None
        if styled is not None and cls not in styled:
            cls = None
        if cls is None:
            if last is None:
                parent.text = (parent.text or "") + text
            else:
                last.tail = (last.tail or "") + text
        elif last is not None and last.get("class") == cls and not last.tail:
            last.text += text
        else:
            ET.SubElement(parent, "span", {"class": cls}).text = text

    for index, line in enumerate(lines):
        newline = "\n" if index < len(lines) - 1 else ""
        if sum(len(text.expandtabs(8)) for _, text in line) > LONG_LINE:
            block = ET.SubElement(code, "span", {"class": "line"})
            for cls, text in line:
                add(block, cls, text)
        else:
            for cls, text in line:
                add(code, cls, text)
            if newline:
                add(code, None, newline)


class Problems(list):
    """What the PDF cannot show as the site does; the build reports them."""


def chapter_body(chapter: Chapter, linker: Linker, mermaid: dict[str, str],
                 problems: Problems, styled: set[str] | None = None) -> ET.Element:
    """The chapter's content, rewritten for the PDF (see the module's doc)."""
    body = article(chapter.path)
    body.tag = "div"
    body.attrib = {"class": "chapter-body"}
    up = parents(body)

    for el in list(body.iter()):
        cls = classes(el)
        parent = up.get(el)
        if parent is None:
            continue
        if (el.tag == "a" and ("headerlink" in cls or "md-content__button" in cls
                               or (el.get("id") or "").startswith("__codelineno"))) \
                or el.tag in ("input", "script", "button", "form") \
                or (el.tag == "aside" and "md-source-file" in cls) \
                or "book-report" in cls:  # the web's "report an error" link
            drop(parent, el)

    up = parents(body)
    for el in list(body.iter()):
        parent = up.get(el)
        if el.tag == "pre" and has_class(el, "mermaid") and parent is not None:
            source = _normalise(text_of(el))
            name = mermaid.get(source)
            if name is None:
                problems.append(f"{chapter.key}: a Mermaid diagram with no rendered SVG in "
                                "diagrams/ (shown as its source); run `make diagrams`")
                el.set("class", "mermaid-source")
                continue
            figure = ET.Element("figure", {"class": "diagram"})
            ET.SubElement(figure, "img", {"src": f"/assets/diagrams/{name}.svg",
                                          "alt": name})
            figure.tail = el.tail
            parent[list(parent).index(el)] = figure

    up = parents(body)
    for el in list(body.iter("details")):
        el.tag = "div"
        el.set("class", " ".join(["admonition", *classes(el)]))
        el.attrib.pop("open", None)
        for summary in el.findall("summary"):
            summary.tag = "p"
            summary.set("class", "admonition-title")

    for tabs in [el for el in body.iter("div") if has_class(el, "tabbed-set")]:
        labels_div = next((c for c in tabs if has_class(c, "tabbed-labels")), None)
        content = next((c for c in tabs if has_class(c, "tabbed-content")), None)
        labels = [text_of(label).strip() for label in (labels_div if labels_div is not None
                                                       else [])]
        blocks = [c for c in (content if content is not None else []) if
                  has_class(c, "tabbed-block")]
        for child in list(tabs):
            tabs.remove(child)
        tabs.text = None
        tabs.attrib = {"class": "tabs"}
        for label, block in zip(labels, blocks, strict=False):
            tab = ET.SubElement(tabs, "div", {"class": "tab"})
            title = ET.SubElement(tab, "p", {"class": "tab-title"})
            title.text = label
            block.attrib = {"class": "tab-body"}
            tab.append(block)

    for code in body.iter("code"):
        pre = up.get(code)
        if pre is not None and pre.tag == "pre":
            split_code(code, styled)

    for el in body.iter():
        if el.get("id"):
            el.set("id", f"{chapter.slug}--{el.get('id')}")
        for attr in ("name", "for", "tabindex", "srcset"):
            el.attrib.pop(attr, None)
        if el.tag == "a" and el.get("href") is not None:
            el.set("href", linker.href(el.get("href"), chapter))
        if el.tag in ("img", "source") and el.get("src"):
            el.set("src", linker.src(el.get("src"), chapter))
        if el.tag == "img":
            el.attrib.pop("loading", None)
    return body


def first_heading(body: ET.Element) -> ET.Element | None:
    return next(iter(body.iter("h1")), None)


def serialize(el: ET.Element) -> str:
    return ET.tostring(el, encoding="unicode", method="html")


# ------------------------------------------------------------------ paper

ZWSP, WJ, NNBSP = "\u200b", "\u2060", "\u202f"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# In code and URLs: a line may break before these (never after a hyphen: a
# reader would take it for a hyphenation), and after a slash. The marks are
# invisible and not copied (pdftotext, viewers drop them).
_BEFORE = re.compile(r"(?<=[\w\]\)])([.\-_=?&#@,;:+](?=[\w$\-/{\[]))")
_AFTER_SLASH = re.compile(r"(/+)(?=[\w.$\-{])")
_SHOWN_URL = re.compile(r"^(?:https?://)?(?:www\.)?")


# A token of prose that is code or an address written without backticks
# (config.json, DOCKER_CLI_EXPERIMENTAL, 12factor.net, /var/lib/docker).
_CODE_LIKE = re.compile(r"(?<!\S)[^\s(]*\w[./_:<>{}]\S*\w[/>}]?"
                        r"|\b(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]{4,}\b"  # overlay2
                        r"|\b\w+(?:-\w+){2,}\b")  # a slug: 3-docker-compose-features


def breakable(text: str) -> str:
    """Code or a URL with break opportunities where a reader expects them:
    before . - _ = ? & and after /, none right after a hyphen."""
    if len(text) < 14:
        return text.replace("-", "-" + WJ)
    text = _BEFORE.sub(ZWSP + r"\1", text)
    text = text.replace("-", "-" + WJ)
    return _AFTER_SLASH.sub(r"\1" + ZWSP, text)


def _shows(text: str, href: str) -> bool:
    """Whether a link's text already prints its URL (so no note is needed)."""
    def plain(value: str) -> str:
        return _SHOWN_URL.sub("", value.strip()).rstrip("/").lower()
    shown = plain(text).rstrip("…").rstrip(".")
    return len(shown) > 8 and (shown in plain(href) or plain(text) == plain(href.split("#")[0]))


def _wrap_code_like(el: ET.Element) -> None:
    """Code-like tokens of el's own text and its children's tails become
    span.nohy (never hyphenated; breakable where code is)."""
    def split(text: str) -> list:
        pieces, done = [], 0
        for match in _CODE_LIKE.finditer(text):
            if re.fullmatch(r"[\d.,:]+", match.group(0)):
                continue  # a number or a version: nothing to hyphenate
            pieces += [text[done:match.start()], match.group(0)]
            done = match.end()
        return [*pieces, text[done:]]

    def spans(pieces: list) -> list[ET.Element]:
        made = []
        for index in range(1, len(pieces), 2):
            span = ET.Element("span", {"class": "nohy"})
            span.text = breakable(pieces[index])
            span.tail = pieces[index + 1]
            made.append(span)
        return made

    if el.text and _CODE_LIKE.search(el.text):
        pieces = split(el.text)
        el.text = pieces[0]
        for offset, span in enumerate(spans(pieces)):
            el.insert(offset, span)
    for child in list(el):
        if child.tail and _CODE_LIKE.search(child.tail) and child.get("class") != "nohy":
            pieces = split(child.tail)
            child.tail = pieces[0]
            at = list(el).index(child) + 1
            for offset, span in enumerate(spans(pieces)):
                el.insert(at + offset, span)


def for_paper(body: ET.Element, chapter: Chapter, words) -> None:
    """What paper needs that a screen does not (the module's doc, 'paper'):
    page numbers on cross-references (class xref: pdf/book.css), the URL of a
    link whose text hides it (a numbered note at the chapter's end), break opportunities in code and
    URLs, a lead-in paragraph kept with what it introduces, numbered
    figures and tables, and the words of an appendix."""
    up = parents(body)

    def inside(el: ET.Element, tags: set[str]) -> bool:
        el = up.get(el)
        while el is not None:
            if el.tag in tags:
                return True
            el = up.get(el)
        return False

    section = ""
    figures = tables = 0
    notes: list[str] = []
    for el in list(body.iter()):
        if el.tag in ("h2", "h3"):
            section = " ".join(text_of(el).split())
        if el.tag == "a":
            href = el.get("href") or ""
            if inside(el, {"h1", "h2", "h3", "h4", "h5", "h6"}):
                continue
            if href.startswith("#"):
                el.set("class", " ".join([*classes(el), "term" if el.get("title") else "xref"]))
            elif href.startswith(("http://", "https://")):
                text = text_of(el)
                if _shows(text, href):
                    el.set("class", " ".join([*classes(el), "url"]))
                    for node in el.iter():
                        node.text = breakable(node.text) if node.text else node.text
                        if node is not el and node.tail:
                            node.tail = breakable(node.tail)
                elif not inside(el, {"pre"}):
                    # The call is text (superscript digits), not a <sup>: an
                    # inline box of another size makes WeasyPrint 70 break
                    # its line too early.
                    notes.append(href)
                    el.tail = str(len(notes)).translate(SUPERSCRIPT) + (el.tail or "")
        elif el.tag == "code" and up.get(el) is not None and up[el].tag != "pre":
            if len(el) == 0 and el.text:
                el.text = breakable(el.text)
            # WeasyPrint 70 breaks a justified line too early when code
            # ending in a sign is followed by another sign ("...,"): a
            # narrow no-break space between them avoids it.
            if el.tail and el.tail[:1] in ",.;:)" and (el.text or "")[-1:] in ".,;:>)]}*/":
                el.tail = NNBSP + el.tail
        if el.tag not in ("code", "pre", "span") and not inside(el, {"pre", "code", "a"}):
            _wrap_code_like(el)
        if el.tag == "p" and text_of(el).rstrip().endswith(":") and \
                not has_class(el, "admonition-title"):
            el.set("class", " ".join([*classes(el), "lead-in"]))
        elif el.tag == "figcaption":
            figures += 1
            label = ET.Element("span", {"class": "caption-label"})
            label.text = words("figure", number=f"{chapter.number or ''}.{figures}".lstrip("."))
            label.tail = el.text
            el.text = None
            el.insert(0, label)
        elif el.tag == "table":
            tables += 1
            caption = ET.Element("caption")
            label = ET.SubElement(caption, "span", {"class": "caption-label"})
            label.text = words("table", number=f"{chapter.number or ''}.{tables}".lstrip("."))
            label.tail = section
            el.insert(0, caption)
    if notes:
        # The URLs that links hide, numbered, at the end of the chapter
        # (footnotes would cost WeasyPrint a second layout of their pages).
        box = ET.SubElement(body, "div", {"class": "url-notes"})
        ET.SubElement(box, "p", {"class": "url-notes-title"}).text = words("notes")
        listing = ET.SubElement(box, "ol")
        for href in notes:
            ET.SubElement(listing, "li").text = breakable(href)
    if chapter.kind == "appendix":
        for title in body.iter("p"):
            if has_class(title, "admonition-title") and \
                    (title.text or "").strip() == words("in_this_chapter"):
                title.text = words("in_this_appendix")
