"""Regenerate mode's rewriting (no Docker): outputs come from one run so IDs
agree between blocks; an output the writer trimmed with ... keeps its
trimming while it matches, with this run's lines and IDs."""

from bookkit.harness.collect import collect
from bookkit.harness.regenerate import rewrite
from bookkit.harness.runner import CommandOutcome, ExampleOutcome

PAGE = """# Page

```console
$ docker image build -q -t app .
sha256:3f2a9c1d8e7b0a1b2c3d4e5f0a1b2c3d4e5f0a1b2c3d4e5f0a1b2c3d4e5f9a8b
$ docker image ls app
REPOSITORY   TAG       IMAGE ID       CREATED         SIZE
app          latest    3f2a9c1d8e7b   2 seconds ago   2.03MB
```

```console
$ docker image history app
IMAGE          CREATED         CREATED BY   SIZE
3f2a9c1d8e7b   2 seconds ago   CMD ["sh"]   0B
...
$ docker container ls
CONTAINER ID   IMAGE   ...   NAMES
0ddba11cafe0   app     ...   web
```
"""

RUN = {  # what Docker printed this time: other IDs, other times
    "docker image build -q -t app .":
        "sha256:9c8d7e6f5a4b1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f0f1e\n",
    "docker image ls app": "REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n"
                           "app          latest    9c8d7e6f5a4b   1 second ago    2.03MB\n",
    "docker image history app": "IMAGE          CREATED        CREATED BY   SIZE\n"
                                "9c8d7e6f5a4b   1 second ago   CMD [\"sh\"]   0B\n"
                                "<missing>      3 weeks ago    ADD rootfs   4MB\n",
    "docker container ls": "CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES\n"
                           "6f5e4d3c2b1a   app     \"sh\"      1 second ago   Up 1 second"
                           "           web\n",
}


def outcomes(page):
    found = []
    for example in page.examples:
        outcome = ExampleOutcome(example)
        for command in example.commands:
            outcome.commands.append(CommandOutcome(command, [RUN[command.text]], 0, 0.1))
        found.append(outcome)
    return found


def test_outputs_come_from_one_run_and_trimmed_ones_stay(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    assert rewrite(path, outcomes(collect(path))) == 2
    text = path.read_text(encoding="utf-8")
    # Both outputs of the first block now carry this run's ID, not the old one.
    assert "sha256:9c8d7e6f5a4b" in text and "latest    9c8d7e6f5a4b   1 second ago" in text
    # The trimmed history keeps the writer's ..., and the line it kept is this
    # run's: the ID agrees with the build's.
    assert "9c8d7e6f5a4b   1 second ago   CMD [\"sh\"]   0B\n...\n" in text
    assert "<missing>" not in text and "3f2a9c1d8e7b" not in text
    # A line trimmed inside keeps its ... and takes this run's ID.
    assert "CONTAINER ID   IMAGE   ...   NAMES\n6f5e4d3c2b1a   app     ...   web\n" in text
    assert "0ddba11cafe0" not in text
    assert rewrite(path, outcomes(collect(path))) == 0  # nothing left to change
