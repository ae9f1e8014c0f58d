"""Run the `facts` command line in-process with pinned streams, as the tests' user."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from factlookup.cli import run
from factlookup.env import Environment


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("facts: warning: ")]


def facts(*args: str, tty: bool = False, width: int = 100, colors: bool = False) -> Result:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdout_isatty=tty, stderr_isatty=False, colors=colors, width=width)
    code = run([str(a) for a in args], env)
    return Result(code, out.getvalue(), err.getvalue())
