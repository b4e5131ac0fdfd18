"""Run a page's commands as a reader would type them: one shell per page,
so variables and the working folder carry from block to block."""

from __future__ import annotations

import os
import re
import select
import shlex
import subprocess
import time
import uuid
from dataclasses import dataclass

import pexpect

# <Ctrl+P> and the like in a typed line: any Ctrl+letter chord.
KEY_RE = re.compile(r"<Ctrl\+([A-Z])>")
HARNESS_DETACH_KEYS = "ctrl-@,ctrl-@,ctrl-@"


def sends_keys(text: str) -> bool:
    """Whether a typed line sends key chords (a detach, an interrupt)."""
    return bool(KEY_RE.search(text))
# What a reader's terminal would not show but keeps output stable.
SHELL_ENV = "export TERM=dumb COLUMNS=100 DOCKER_CLI_HINTS=false BUILDKIT_PROGRESS=plain"


@dataclass
class Result:
    output: str
    exit_code: int | None
    seconds: float
    timed_out: bool = False


class SessionDead(RuntimeError):
    pass


class Shell:
    """A persistent bash talking to the examples' daemon.

    Each command runs in a function whose SIGINT trap returns from it: a
    Ctrl+C (ours, at a timeout) stops the whole command, loops included, and
    the shell stays with the page's variables and folder. Variables the
    command sets stay global, as typed at a prompt (a `declare` would be
    local: the book has none)."""

    def __init__(self, daemon, cwd: str):
        self.daemon = daemon
        # stderr joins stdout inside the container: docker exec carries the two
        # apart, and the shell's own messages must not overtake its output.
        self.proc = subprocess.Popen(
            [*daemon.exec_argv, "sh", "-c", "exec bash --noprofile --norc 2>&1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=daemon.env,
            start_new_session=True)
        self.pid = None
        result = self.run(f"{SHELL_ENV}; cd {shlex.quote(cwd)} && echo $$", timeout=30)
        if result.exit_code != 0:
            raise SessionDead(f"cannot start the page's shell in {cwd}:\n{result.output}")
        self.pid = int(result.output.split()[-1])

    def _write(self, text: str) -> None:
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise SessionDead("the page's shell has exited") from None

    def run(self, command: str, timeout: float, interrupt: float | None = None) -> Result:
        """Run one command; its stdin is empty, stderr joins stdout.

        After a signal of ours (a reader's Ctrl+C at `interrupt`, or the
        timeout) the command line may be abandoned before it prints its
        marker, so a second marker follows: the output is what came before
        the first marker that appears."""
        marker, resync = f"__dpt_{uuid.uuid4().hex}__", f"__dpt_{uuid.uuid4().hex}__"
        self._write(f"__dpt_command() {{\ntrap 'trap - INT; return 130' INT\n{command}\n}}\n"
                    f"__dpt_command </dev/null 2>&1; printf '\\n{marker} %d\\n' \"$?\"; "
                    "trap - INT\n")
        start = time.monotonic()
        reader = _MarkerReader(self.proc.stdout, marker, resync)
        deadline, step = start + timeout, 0  # steps: 0 running, 1 INT sent, 2 KILL sent
        interrupted = False
        while not reader.done():
            now = time.monotonic()
            if interrupt and not interrupted and now - start >= interrupt:
                self._signal("INT")  # a reader's Ctrl+C
                self._write(f"printf '\\n{resync} %d\\n' \"$?\"\n")
                interrupted, reader.resyncing = True, True
            if now >= deadline:
                if step == 2:
                    raise SessionDead(f"the shell did not come back after its command was "
                                      f"killed:\n{command}")
                # First a Ctrl+C to the command and the shell (stops loops),
                # then SIGKILL to what the command started.
                self._signal("INT" if step == 0 else "KILL", shell="INT")
                if not reader.resyncing:
                    self._write(f"printf '\\n{resync} %d\\n' \"$?\"\n")
                    reader.resyncing = True
                step, deadline = step + 1, now + 10
            wait = deadline - now
            if interrupt and not interrupted:
                wait = min(wait, start + interrupt - now)
            reader.read(max(0.01, wait), command)
        return Result(reader.output(), reader.exit_code(), time.monotonic() - start,
                      timed_out=step > 0)

    def _signal(self, signal: str, shell: str | None = None) -> None:
        """Send `signal` to every process the shell's command started and
        `shell` to the shell itself (a builtin loop has no process of its own)."""
        script = ('tree() { for c in $(pgrep -P "$1"); do tree "$c"; echo "$c"; done; }; '
                  'kill -"$2" $(tree "$1") 2>/dev/null; [ -z "$3" ] || kill -"$3" "$1"; true')
        self.daemon.run(script, str(self.pid), signal, shell or "", timeout=30)

    def cwd(self) -> str:
        return self.run("pwd", timeout=10).output.strip()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


class _MarkerReader:
    """Reads the shell's output until the command's marker (or, once
    `resyncing`, until the second marker that follows our signal)."""

    def __init__(self, stream, marker: str, resync: str):
        self.stream, self.buffer, self.resyncing = stream, b"", False
        self.marker = re.compile(rb"\n" + marker.encode() + rb" (\d+)\n")
        self.resync = re.compile(rb"\n" + resync.encode() + rb" (\d+)\n")

    def done(self) -> bool:
        if self.resyncing:
            return bool(self.resync.search(self.buffer))
        return bool(self.marker.search(self.buffer))

    def read(self, wait: float, command: str) -> None:
        ready, _, _ = select.select([self.stream], [], [], wait)
        if ready:
            chunk = os.read(self.stream.fileno(), 65536)
            if not chunk:
                raise SessionDead(f"the page's shell exited while running:\n{command}\n"
                                  + self.buffer.decode(errors="replace"))
            self.buffer += chunk

    def _first(self):
        found = [m for m in (self.marker.search(self.buffer), self.resync.search(self.buffer))
                 if m]
        return min(found, key=lambda m: m.start())

    def output(self) -> str:
        return self.buffer[: self._first().start()].decode(errors="replace")

    def exit_code(self) -> int:
        return int(self._first().group(1))


def run_tty(daemon, cwd: str, command: str, steps, prompt: str, timeout: float) -> list[Result]:
    """Run an interactive command under a pseudo-terminal: wait for the
    prompt, type each step's input, collect what appeared after it."""
    # Our own `docker exec` must not react to the page's Ctrl+P Ctrl+Q: give
    # it detach keys nobody types, so they reach the page's docker.
    argv = ["docker", "exec", "-it", f"--detach-keys={HARNESS_DETACH_KEYS}", "-w", cwd,
            "-e", "TERM=dumb", daemon.container, "bash", "--noprofile", "--norc",
            "-c", command]
    child = pexpect.spawn(argv[0], argv[1:], env=daemon.env, encoding="utf-8",
                          timeout=timeout, dimensions=(40, 100))
    results: list[Result] = []
    start = time.monotonic()
    try:
        for step in steps[1:]:
            try:
                child.expect_exact(prompt)
                printed = _after_echo(child.before) if results else _clean(child.before)
                results.append(Result(printed, None, time.monotonic() - start))
                start = time.monotonic()
                _type(child, step.input)
                typed = step.input.strip()
                if typed and not KEY_RE.search(typed):
                    # Wait for the echo first: a prompt redrawn before it (attach,
                    # line editors) must not be taken for the next prompt.
                    child.expect_exact(typed)
            except (pexpect.TIMEOUT, pexpect.EOF) as error:
                results.append(Result(_after_echo(child.before or ""), None,
                                      time.monotonic() - start,
                                      timed_out=isinstance(error, pexpect.TIMEOUT)))
                return results
        try:
            child.expect(pexpect.EOF)
            timed_out = False
        except pexpect.TIMEOUT:
            timed_out = True
        results.append(Result(_after_echo(child.before or ""), None, time.monotonic() - start,
                              timed_out))
    finally:
        child.close(force=True)
    results[-1].exit_code = child.exitstatus if child.exitstatus is not None else (
        128 + (child.signalstatus or 0))
    return results


def _type(child, text: str) -> None:
    """Send a step's input: text then Enter, or key chords like <Ctrl+P>."""
    position, sent_key = 0, False
    for match in KEY_RE.finditer(text):
        if match.start() > position:
            child.send(text[position:match.start()])
        child.send(chr(ord(match.group(1)) - 64))
        time.sleep(0.1)  # docker's detach keys are read as a sequence
        position, sent_key = match.end(), True
    if position < len(text):
        child.send(text[position:])
    if not sent_key or position < len(text):
        child.send("\r")


ANSI_RE = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[()][A-Z0-9])")


def _clean(text: str) -> str:
    return ANSI_RE.sub("", text.replace("\r\n", "\n").replace("\r", ""))


def _after_echo(text: str) -> str:
    """What a step printed: the rest of the echoed input line is dropped."""
    text = _clean(text)
    return text[1:] if text.startswith("\n") else text
