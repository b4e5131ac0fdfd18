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
    """A persistent bash talking to the examples' daemon."""

    def __init__(self, daemon, cwd: str):
        self.daemon = daemon
        self.proc = subprocess.Popen(
            daemon.shell_argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env=daemon.env, start_new_session=True)
        self.pid = None
        result = self.run(f"{SHELL_ENV}; cd {shlex.quote(cwd)} && echo $$", timeout=30)
        if result.exit_code != 0:
            raise SessionDead(f"cannot start the page's shell in {cwd}:\n{result.output}")
        self.pid = int(result.output.split()[-1])

    def run(self, command: str, timeout: float, interrupt: float | None = None) -> Result:
        """Run one command; its stdin is empty, stderr joins stdout."""
        marker = f"__dpt_{uuid.uuid4().hex}__"
        script = (f"{{\n{command}\n}} </dev/null 2>&1; "
                  f"printf '\\n{marker} %d\\n' \"$?\"\n")
        start = time.monotonic()
        try:
            self.proc.stdin.write(script.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise SessionDead("the page's shell has exited") from None
        pattern = re.compile(rb"\n" + marker.encode() + rb" (\d+)\n")
        buffer, timed_out, interrupted = b"", False, False
        deadline = start + timeout
        while True:
            match = pattern.search(buffer)
            if match:
                output = buffer[: match.start()].decode(errors="replace")
                return Result(output, int(match.group(1)), time.monotonic() - start, timed_out)
            now = time.monotonic()
            if interrupt and not interrupted and now - start >= interrupt:
                self._signal_children("INT")  # a reader's Ctrl+C
                interrupted = True
            if now >= deadline:
                if timed_out:  # killed and still no marker: the shell itself is stuck
                    raise SessionDead(f"command did not stop after being killed:\n{command}")
                self._signal_children("KILL")
                timed_out, deadline = True, now + 10
            wait = deadline - now
            if interrupt and not interrupted:
                wait = min(wait, start + interrupt - now)
            ready, _, _ = select.select([self.proc.stdout], [], [], max(0.01, wait))
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise SessionDead(f"the page's shell exited while running:\n{command}\n"
                                      + buffer.decode(errors="replace"))
                buffer += chunk

    def _signal_children(self, signal: str) -> None:
        """Signal what the shell is running (and their children), not the shell."""
        script = ('for p in $(pgrep -P "$1"); do pkill -' + signal + ' -P "$p"; '
                  'kill -' + signal + ' "$p"; done 2>/dev/null; true')
        self.daemon.run(script, str(self.pid), timeout=30)

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


def run_tty(daemon, cwd: str, command: str, steps, prompt: str, timeout: float) -> list[Result]:
    """Run an interactive command under a pseudo-terminal: wait for the
    prompt, type each step's input, collect what appeared after it."""
    if daemon.container:
        # Our own `docker exec` must not react to the page's Ctrl+P Ctrl+Q:
        # give it detach keys nobody types, so they reach the page's docker.
        argv = ["docker", "exec", "-it", f"--detach-keys={HARNESS_DETACH_KEYS}", "-w", cwd,
                "-e", "TERM=dumb", daemon.container, "bash", "--noprofile", "--norc",
                "-c", command]
        child = pexpect.spawn(argv[0], argv[1:], env=daemon.env, encoding="utf-8",
                              timeout=timeout, dimensions=(40, 100))
    else:
        child = pexpect.spawn("bash", ["--noprofile", "--norc", "-c", command], cwd=cwd,
                              env={**daemon.env, "TERM": "dumb"}, encoding="utf-8",
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
