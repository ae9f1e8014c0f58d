"""Entity names for shell completion, read from the cached index only: never built, never checked."""

from __future__ import annotations

import typer


def complete_names(ctx: typer.Context, args: list[str], incomplete: str) -> list[str]:
    from .index import cached
    from .lookup import name_completions

    corpus = _corpus_on_line(ctx)
    db = cached(corpus)
    if db is None:
        return []
    try:
        return name_completions(db, incomplete)
    except Exception:
        return []
    finally:
        db.close()


def _corpus_on_line(ctx: typer.Context) -> list[str] | None:
    seen: list[str] = []
    node = ctx
    while node is not None:
        value = node.params.get("corpus") if node.params else None
        if value:
            seen.extend(value)
        node = node.parent
    return seen or None
