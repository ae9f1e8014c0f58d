"""The process's surroundings, injected so tests can pin streams, terminal and colour."""

from __future__ import annotations

import os
import sys
from typing import TextIO


class Environment:
    """The streams, terminal and settings a call runs with."""

    # Written out rather than a dataclass: every call of `facts` makes this class, and a
    # dataclass compiles its methods each time (about a millisecond).
    __slots__ = ("stdout", "stderr", "stdout_isatty", "stderr_isatty", "colors", "width", "warnings", "lock_timeout",
                 "keep_duplicates", "_said")

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdout_isatty: bool = False,
        stderr_isatty: bool = False,
        colors: bool = True,
        width: int | None = None,
        warnings: list[str] | None = None,
        lock_timeout: float | None = None,  # seconds to wait for another build; None: the default
        keep_duplicates: bool = False,  # index every copy of a story, not only the earliest
    ) -> None:
        self.stdout: TextIO = sys.stdout if stdout is None else stdout
        self.stderr: TextIO = sys.stderr if stderr is None else stderr
        self.stdout_isatty = stdout_isatty
        self.stderr_isatty = stderr_isatty
        self.colors = colors
        self.width = width
        self.warnings: list[str] = [] if warnings is None else warnings
        self.lock_timeout = lock_timeout
        self.keep_duplicates = keep_duplicates
        self._said: set[str] = set()

    @classmethod
    def from_system(cls) -> "Environment":
        out_tty = _isatty(sys.stdout)
        no_color = "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != ""
        columns = os.environ.get("COLUMNS", "")
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdout_isatty=out_tty,
            stderr_isatty=_isatty(sys.stderr),
            colors=not no_color and os.environ.get("TERM") != "dumb",
            width=int(columns) if columns.isdigit() and int(columns) > 0 else None,
        )

    def warn(self, message: str) -> None:
        from .output.sanitize import clean

        if message in self._said:
            return  # once is enough, even when a step runs again
        self._said.add(message)
        self.warnings.append(message)
        print(f"facts: warning: {clean(message)}", file=self.stderr)

    def error(self, message: str) -> None:
        from .output.sanitize import clean

        print(f"facts: error: {clean(message)}", file=self.stderr)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
