"""Run one page's examples: a fresh working folder holding the snippets it
includes, one shell for the whole page, each block checked in order."""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass, field

from bookkit import SNIPPETS, variants

from . import matching, session
from .collect import Command, Example, Page, english_variants, snippet_folders


@dataclass
class CommandOutcome:
    command: Command
    actual: list[str]  # one output per step
    exit_code: int | None
    seconds: float
    problem: str | None = None  # why it failed, None when it passed


@dataclass
class ExampleOutcome:
    example: Example
    commands: list[CommandOutcome] = field(default_factory=list)
    setup_problem: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.setup_problem) or any(c.problem for c in self.commands)

    @property
    def seconds(self) -> float:
        return sum(c.seconds for c in self.commands)

    def report(self) -> str:
        """Page, line, command and a diff for each failing command."""
        parts = [self.setup_problem] if self.setup_problem else []
        for outcome in self.commands:
            if outcome.problem:
                parts.append(f"{self.example.block.path}:{outcome.command.line}: "
                             f"{outcome.command.raw[0]}\n{outcome.problem}")
        return "\n\n".join(parts)


class PageRun:
    def __init__(self, daemon, page: Page, regen: bool = False):
        self.daemon, self.page, self.regen = daemon, page, regen
        self.workdir = self._make_workdir()
        self.shell = session.Shell(daemon, self.workdir)
        self.dead: str | None = None  # why the page's shell is gone, once it is

    def _make_workdir(self) -> str:
        """The page's folder inside the Docker-in-Docker container, with the
        snippet folders it includes."""
        folders = snippet_folders(self.page)
        workdir = f"{self.daemon.workroot}/{self.page.path.stem}"
        self.daemon.check(f"rm -rf {shlex.quote(workdir)} && mkdir -p {shlex.quote(workdir)}")
        self._copy(SNIPPETS, folders, workdir)
        self._copy(variants.VARIANTS, english_variants(self.page), workdir)
        return workdir

    def _copy(self, root, folders: list[str], workdir: str) -> None:
        """Copy these folders of root into the working folder (over what is there)."""
        if not folders:
            return
        tar = subprocess.Popen(["tar", "-C", str(root), "-c", *folders], stdout=subprocess.PIPE)
        subprocess.run(["docker", "exec", "-i", self.daemon.container, "tar", "-C",
                        workdir, "-x"], env=self.daemon.env, stdin=tar.stdout,
                       check=True, capture_output=True)
        tar.stdout.close()
        tar.wait()

    def run(self, example: Example) -> ExampleOutcome:
        """Run one block; if the page's shell dies, this block fails with why
        and `dead` says so for the blocks after it."""
        try:
            return self._run(example)
        except session.SessionDead as error:
            self.dead = f"{example.block.path}:{example.line}"
            outcome = ExampleOutcome(example)
            outcome.setup_problem = (f"{self.dead}: the page's shell died, so the blocks "
                                     f"after this one are not run:\n{error}")
            return outcome

    def _run(self, example: Example) -> ExampleOutcome:
        opts = example.options
        outcome = ExampleOutcome(example)
        before = [f"pushd {shlex.quote(self.workdir + '/' + opts.cwd)} >/dev/null"] \
            if opts.cwd else []
        for hidden in before + opts.setup:
            result = self.shell.run(hidden, timeout=opts.timeout)
            if result.exit_code != 0:
                outcome.setup_problem = _hidden_failed(example, "setup", hidden, result)
                return outcome
        bindings = matching.Bindings()  # one ID, one object, across the block
        for index, command in enumerate(example.commands):
            last = index == len(example.commands) - 1
            outcome.commands.append(self._run_command(command, opts, opts.exit if last else 0,
                                                      bindings))
        for hidden in opts.cleanup + (["popd >/dev/null"] if opts.cwd else []):
            result = self.shell.run(hidden, timeout=opts.timeout)
            if result.exit_code != 0 and not outcome.failed:
                outcome.setup_problem = _hidden_failed(example, "cleanup", hidden, result)
        return outcome

    def _run_command(self, command: Command, opts, expected_exit: int,
                     bindings: matching.Bindings) -> CommandOutcome:
        if opts.tty and len(command.steps) > 1:
            results = session.run_tty(self.daemon, self.shell.cwd(), command.text,
                                      command.steps, opts.prompt, opts.timeout)
        else:
            results = [self.shell.run(command.text, opts.timeout, opts.interrupt)]
        actual = [r.output for r in results]
        last = results[-1]
        outcome = CommandOutcome(command, actual, last.exit_code, sum(r.seconds for r in results))
        problems = []
        # Ending with key chords (a detach, Ctrl+C) leaves no exit status worth checking.
        detached = opts.tty and len(command.steps) > 1 and session.sends_keys(
            command.steps[-1].input)
        if any(r.timed_out for r in results):
            problems.append(f"timed out after {opts.timeout:g} s and was killed "
                            "(raise it with timeout=N if it is only slow)")
        elif opts.interrupt is None and not detached and last.exit_code != expected_exit:
            problems.append(f"exit status {last.exit_code}, expected {expected_exit}"
                            + ("" if expected_exit else " (add exit=N if that is intended)"))
        # In regenerate mode a different output is rewritten, not a failure;
        # an uncaptured block has no output to compare yet.
        for step, result in zip(command.steps, results, strict=False):
            problem = None if self.regen or opts.uncaptured else matching.mismatch(
                step.expected, result.output, opts.varies, bindings, f"line {step.line}")
            if problem:
                problems.append(problem)
        if len(results) < len(command.steps):
            problems.append(f"the program ended before the prompt {opts.prompt!r} appeared")
        outcome.problem = "\n".join(problems) or None
        return outcome

    def close(self) -> None:
        self.shell.close()
        self.daemon.run(f"rm -rf {shlex.quote(self.workdir)}")


def _hidden_failed(example: Example, kind: str, command: str, result) -> str:
    return (f"{example.block.path}:{example.line}: hidden {kind} `{command}` failed "
            f"(exit {result.exit_code}):\n{result.output}")
