"""What apps above `people` do when two records of a person are merged.

`people` is below them (docs/decisions/0017), so it never imports them: each registers its part
in its `AppConfig.ready()`, and `person_merge` calls what is registered, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable

# Called with survivor= and removed=, both locked, before any row moves. A hook may raise
# ValidationError to stop the merge (nothing is changed then).
_before_merge: list[Callable[..., None]] = []
# Called with survivor= and removed= after every row about `removed` points at `survivor`.
_after_merge: list[Callable[..., None]] = []


def on_merge(
    *,
    before: Callable[..., None] | None = None,
    after: Callable[..., None] | None = None,
) -> None:
    """Register what an app does before and after a merge (once, however often it is called)."""
    for hook, hooks in ((before, _before_merge), (after, _after_merge)):
        if hook is not None and hook not in hooks:
            hooks.append(hook)


def before_merge(*, survivor, removed) -> None:
    for hook in _before_merge:
        hook(survivor=survivor, removed=removed)


def after_merge(*, survivor, removed) -> None:
    for hook in _after_merge:
        hook(survivor=survivor, removed=removed)
