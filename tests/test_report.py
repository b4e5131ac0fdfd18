"""The run report: counts per page, skips with reasons, and a partial run
(one page) that keeps what earlier runs said of the other pages."""

import json

from bookkit.harness.report import Report


def test_report_counts_and_reasons(tmp_path):
    report = Report()
    report.versions = {"engine": "26.1.5", "compose": "2.26.1"}
    report.add("es/a.md", 3, "passed", seconds=1.5)
    report.add("es/a.md", 9, "failed", seconds=0.5)
    report.add("es/a.md", 20, "skipped", "needs a registry")
    data = json.loads(report.write(tmp_path / "r.json").read_text())
    page = data["pages"]["es/a.md"]
    assert (page["total"], page["executed"], page["failed"]) == (3, 2, 1)
    assert page["skipped"] == [{"line": 20, "reason": "needs a registry"}]
    assert page["run"]["engine"] == "26.1.5" and data["engine"] == "26.1.5"
    assert report.summary()[0].startswith("book examples: 2/3 executed (67%), 1 failed")


def test_a_partial_run_keeps_the_other_pages(tmp_path):
    path = tmp_path / "r.json"
    first = Report()
    first.versions = {"engine": "26.1.4"}
    first.add("es/a.md", 3, "passed")
    first.add("es/b.md", 3, "passed")
    first.write(path)
    second = Report()
    second.versions = {"engine": "26.1.5"}
    second.add("es/b.md", 3, "failed")
    data = json.loads(second.write(path).read_text())
    assert data["pages"]["es/a.md"]["run"]["engine"] == "26.1.4"
    assert data["pages"]["es/b.md"]["run"]["engine"] == "26.1.5"
    assert data["pages"]["es/b.md"]["failed"] == 1
    assert data["total"] == 1  # the top-level counts are this run's
