// "Informar de un error en esta página" (overrides/main.html): when clicked,
// the form's "page" field also names the section being read: the last
// heading that has scrolled past the top of the window, or the one in the
// address (#anchor). Without JavaScript the link still names the page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.book-report__link");
  if (!link) return;
  var top = 80;  // below the sticky header
  var section = null;
  document.querySelectorAll(".md-content h2[id], .md-content h3[id]").forEach(function (h) {
    if (h.getBoundingClientRect().top <= top) section = h;
  });
  var anchor = section ? section.id : decodeURIComponent(location.hash.slice(1));
  var url = new URL(link.href);
  url.searchParams.set("page", link.dataset.page + (anchor ? "#" + anchor : ""));
  if (section) {
    var title = section.textContent.replace(/\s*¶\s*$/, "").trim();
    url.searchParams.set("title", url.searchParams.get("title") + " › " + title);
  }
  link.href = url.toString();
});

// Material numbers a code block's annotations with links whose only content
// is a CSS counter: screen readers find no name (axe-core: link-name). Each
// gets "Nota N" (or "Note N") as its name, once Material has drawn them.
if (typeof document$ !== "undefined") {
  document$.subscribe(function () {
    var word = document.documentElement.lang === "en" ? "Note " : "Nota ";
    document.querySelectorAll("a[href*='_annotation_']:not([aria-label])").forEach(function (a) {
      a.setAttribute("aria-label", word + a.getAttribute("href").replace(/.*_annotation_/, ""));
    });
  });
}
