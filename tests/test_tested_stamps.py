"""hooks/tested_stamps.py: what the example harness's report says, per page;
nothing without a report or when the page changed since the run."""

import json

from hooks_project import build, build_error, html, make_project

REPORT = {
    "date": "2026-11-30T12:00:00Z", "engine": "26.1.5", "compose": "2.26.1",
    "buildx": "0.13.1",
    "pages": {"arquitectura.md": {"total": 2, "executed": 1, "failed": 0,
                                  "skipped": [{"line": 16, "reason": "necesita dos máquinas"}]}},
}


def with_report(tmp_path, report):
    project = make_project(tmp_path)
    path = project / ".book-report" / "examples.json"
    path.parent.mkdir()
    path.write_text(report if isinstance(report, str) else json.dumps(report))
    return project


def test_no_report_no_stamp(tmp_path):
    assert "Ejemplos probados" not in html(build(make_project(tmp_path)), "arquitectura")


def test_stamp_says_what_ran_on_which_engine_and_when_and_why_not(tmp_path):
    page = html(build(with_report(tmp_path, REPORT)), "arquitectura")
    assert ("Ejemplos probados: 1 de 2 ejecutados con Docker Engine 26.1.5 el 30 de "
            "noviembre de 2026") in page
    assert "Compose 2.26.1, buildx 0.13.1" in page
    assert '<a href="#del-cliente-al-kernel">Del cliente al kernel</a>: necesita dos máquinas' \
        in page
    # Under the title, before the chapter's text.
    assert page.index("Ejemplos probados") < page.index("En este capítulo")


def test_report_keys_may_name_the_language_folder(tmp_path):
    report = json.loads(json.dumps(REPORT))
    report["pages"] = {"es/arquitectura.md": report["pages"]["arquitectura.md"]}
    page = html(build(with_report(tmp_path, report)), "arquitectura")
    assert "Ejemplos probados: 1 de 2 ejecutados" in page


def test_failures_are_said(tmp_path):
    report = json.loads(json.dumps(REPORT))
    report["pages"]["arquitectura.md"]["failed"] = 1
    page = html(build(with_report(tmp_path, report)), "arquitectura")
    assert '<details class="failure">' in page and "1 ejemplo(s) fallaron" in page


def test_page_changed_since_the_run_gets_no_stamp(tmp_path):
    report = json.loads(json.dumps(REPORT))
    report["pages"]["arquitectura.md"]["total"] = 3
    assert "Ejemplos probados" not in html(build(with_report(tmp_path, report)), "arquitectura")


def test_pages_without_examples_in_the_report_say_nothing(tmp_path):
    assert "Ejemplos probados" not in html(build(with_report(tmp_path, REPORT)), "contenedores")


def test_broken_report_fails_naming_it(tmp_path):
    project = with_report(tmp_path, "{not json")
    error = build_error(project)
    assert f"{project / '.book-report' / 'examples.json'}:1: not valid JSON" in error


def test_a_translation_takes_the_facts_of_the_source_run(tmp_path):
    """The English page's blocks are proven by the Spanish run: same counts,
    and each skip at the same block of the English page."""
    from bookkit.stamps import load_report

    docs = tmp_path / "docs"
    (docs / "es").mkdir(parents=True)
    (docs / "en").mkdir()
    block = '<!-- test: skip="needs a VLAN" -->\n```console\n$ true\n```\n'
    (docs / "es" / "redes.md").write_text("# Redes\n\n" + block)
    (docs / "en" / "redes.md").write_text("# Networking\n\nSome words first.\n\n" + block)
    report = tmp_path / ".book-report" / "examples.json"
    report.parent.mkdir()
    report.write_text('{"date": "2026-12-07T22:00:00Z", "engine": "26.1.5", "pages": '
                      '{"es/redes.md": {"total": 1, "executed": 0, "failed": 0, '
                      '"skipped": [{"line": 4, "reason": "needs a VLAN"}]}}}')
    english = load_report(report).for_page("redes.md", "en")
    assert (english.total, english.executed) == (1, 0)
    assert english.skipped == [{"line": 6, "reason": "needs a VLAN"}]  # its fence
