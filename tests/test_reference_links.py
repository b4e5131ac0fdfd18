"""hooks/reference_links.py: commands and Dockerfile instructions in prose
code spans link to Docker's reference, once per page."""

from hooks_project import build, build_error, html, make_project

from bookkit.markdown import parse
from bookkit.references import Linker, Reference

RUN = "https://docs.docker.com/reference/cli/docker/container/run/"
TABLE = [Reference("docker container run", RUN), Reference("docker run", RUN),
         Reference("docker container", "https://docs.docker.com/reference/cli/docker/container/"),
         Reference("RUN", "https://docs.docker.com/reference/dockerfile/#run")]


def link(text):
    return Linker(TABLE).link(parse(text))


def test_longest_command_wins_and_only_the_first_mention_links():
    out = link("Con `docker container run -d x` y luego `docker run`.\n")
    assert out == f"Con [`docker container run -d x`]({RUN}) y luego `docker run`.\n"


def test_instruction_alone_or_with_arguments_but_not_inside_words():
    out = link("`RUN apt-get update`, `RUNNER` y `run`.\n")
    assert out.startswith("[`RUN apt-get update`](https://docs.docker.com/reference/dockerfile/#run)")
    assert "`RUNNER`" in out and "`run`" in out


def test_never_in_code_blocks_headings_or_existing_links():
    text = ("## `docker run`\n\n```console\n$ docker run x\n```\n\n"
            "[`docker run`](https://example.com)\n")
    assert link(text) == text


def test_fixture_page_links_commands_and_instructions(tmp_path):
    page = html(build(make_project(tmp_path)), "arquitectura")
    assert f'<a href="{RUN}"><code>docker container run --rm busybox:1.37 true</code></a>' in page
    assert page.count(f'href="{RUN}"') == 1
    assert '<a href="https://docs.docker.com/reference/dockerfile/#copy"><code>COPY' in page


def test_a_name_listed_twice_fails(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "reference-urls.yml"
    path.write_text(path.read_text().replace("aliases: [docker run]",
                                             "aliases: [docker container run]"))
    error = build_error(project)
    assert f"{path}:2: docker container run: listed twice" in error
