"""Running a parser of untrusted bytes in a child process, bounded in memory and in time.

A crafted file of a few kilobytes can make a parser (openpyxl, pypdf, python-docx, Pillow) take
gigabytes or minutes; in a web worker that is the worker killed. `run` hands the bytes to a fresh
interpreter (`python -m common.bounded`) that limits its own address space (RLIMIT_AS) and CPU
time (RLIMIT_CPU) before it imports the parser, calls one function on them and writes the
result, as JSON, to its standard output. The parent waits at most `timeout` seconds and then
kills it. Whatever the file does, the caller gets the result or `Failed`, and the worker lives.

The function is named "module:function" (a module that imports no Django: the child does not
set Django up); it takes the bytes and keyword arguments, and returns what JSON can hold.
A call costs an interpreter start and the parser's import, about 0.1 s.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

# The directory that holds the `portal` package: the child's working directory, so that
# `python -m common.bounded` and the function's module import as they do in the parent.
ROOT = Path(__file__).resolve().parent.parent

_EXIT_MEMORY = 3
_EXIT_ERROR = 4
# The most a result may take as JSON: the parent holds it, and then what it decodes to.
MAX_OUTPUT = 128 * 1024 * 1024


class Failed(Exception):
    """The function gave no result. `reason`: "memory" (over the limit), "time" (over the
    timeout), "error" (it raised: a damaged file, mostly) or "crashed" (killed by a signal)."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


def run(target: str, data: bytes, *, memory: int, timeout: float, **kwargs):
    """`target`(data, **kwargs) in a child process of at most `memory` bytes of address space,
    killed after `timeout` seconds; its return value, or Failed."""
    command = [sys.executable, "-m", "common.bounded", target, str(memory), str(timeout), json.dumps(kwargs)]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=timeout, cwd=ROOT, check=False, env=_child_environment()
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the child
        raise Failed("time", f"{target} ran longer than {timeout} s") from exc
    detail = done.stderr.decode("utf-8", "replace")[-2000:]
    if done.returncode == 0:
        try:
            return json.loads(done.stdout.decode("utf-8", "surrogatepass"))
        except ValueError as exc:
            raise Failed("crashed", f"{target} wrote no result") from exc
    if done.returncode == _EXIT_MEMORY:
        raise Failed("memory", f"{target} needed more than {memory} bytes")
    if done.returncode == _EXIT_ERROR:
        raise Failed("error", detail)
    if done.returncode == -signal.SIGXCPU:
        raise Failed("time", f"{target} used more than its CPU time")
    raise Failed("crashed", f"{target} ended with status {done.returncode}: {detail}")


def _child_environment() -> dict[str, str]:
    """The child needs no secret: not the settings' environment (DJANGO_SECRET_KEY, DATABASE_URL…)."""
    return {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


def _limit(memory: int, timeout: float) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = math.ceil(timeout) + 1  # the parent's timeout comes first; this stops an orphan
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> int:
    target, memory, timeout, kwargs = argv[0], int(argv[1]), float(argv[2]), json.loads(argv[3])
    _limit(memory, timeout)
    # The parsers' warnings about a broken file would go to the web server's log without the
    # personal-data filter; the parent logs the failure instead.
    logging.disable(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    try:
        module, name = target.split(":")
        result = getattr(importlib.import_module(module), name)(data, **kwargs)
        # UTF-8 rather than \u escapes (half the size for Chinese); a lone surrogate a parser may
        # produce passes through as it is.
        output = json.dumps(result, ensure_ascii=False).encode("utf-8", "surrogatepass")
        if len(output) > MAX_OUTPUT:
            return _EXIT_MEMORY
    except MemoryError:
        return _EXIT_MEMORY
    except Exception as exc:
        sys.stderr.write(f"{type(exc).__name__}: {exc}"[:2000])
        return _EXIT_ERROR
    sys.stdout.buffer.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
