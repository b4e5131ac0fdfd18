"""bookkit.deferred: markers Python-Markdown passes through, HTML after it."""

import markdown

from bookkit.deferred import Deferred


def render(text):
    return markdown.markdown(text, extensions=["tables", "admonition", "attr_list"])


def test_inline_and_block_markers_survive_markdown_and_become_html():
    links, boxes = Deferred("g"), Deferred("b")
    term = links.inline("**término**", '<a href="#t">', "</a>")
    code = links.inline("`code`", '<a href="u">', "</a>")
    cell = links.inline("celda", "<a>", "</a>")
    box = boxes.block('<div class="x">caja</div>')
    text = f"Un {term} y {code}.\n\n| a |\n| - |\n| {cell} |\n\n{box}\n"
    html, lost = links.fill(render(text))
    assert lost == 0
    assert '<a href="#t"><strong>término</strong></a>' in html
    assert '<a href="u"><code>code</code></a>' in html
    assert "<td><a>celda</a></td>" in html
    # Each hook fills only its own markers.
    assert '<div class="x">' not in html
    html, lost = boxes.fill(html)
    assert lost == 0 and '<div class="x">caja</div>' in html
    assert html.endswith("</table>\n<div class=\"x\">caja</div>")


def test_a_lost_marker_is_removed_and_counted():
    links = Deferred("g")
    marked = links.inline("x", "<a>", "</a>")
    html, lost = links.fill(f"<p>{marked[:-2]}</p>")  # the closing marker went missing
    assert (html, lost) == ("<p>x</p>", 1)
