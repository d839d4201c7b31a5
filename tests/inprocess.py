"""Run the `jjj` command inside the test process: no interpreter start-up, no re-import of the stack."""
from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Ran:
    """What a `jjj` run printed and returned, named like subprocess.CompletedProcess."""
    returncode: int
    stdout: str
    stderr: str


def jjj(*args: str, **env: str) -> Ran:
    """`jjj ARGS` in this process, through cli.main.main as the console script runs it (so database
    problems still become one line), from the checkout, with `env` added to the environment.
    Tests about the process itself (signals, exec, a lock held by another process) use subprocess."""
    from cli.main import main
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_argv, saved_cwd = dict(os.environ), sys.argv, os.getcwd()
    os.environ.update(env)
    sys.argv = ["jjj", *args]
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(saved_cwd)
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
    return Ran(code, out.getvalue(), err.getvalue())
