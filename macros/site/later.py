"""A value of a page's context computed when the page is rendered, not when the site is planned.

`Later(compare_plans, before, plan)` stands for `compare_plans(before, plan)`. An incremental build
plans every page but renders only the changed ones, so costly derived values (word diffs, ...) are
computed only for those. The function must be pure: the page's cache key (macros/build/cache.py) covers
a Later by the function's name and its arguments, not by its result.
"""

from __future__ import annotations

from typing import Any, Callable

_UNSET = object()


class Later:
    __slots__ = ("fn", "args", "_value")

    def __init__(self, fn: Callable[..., Any], *args: Any):
        self.fn, self.args, self._value = fn, args, _UNSET

    def value(self) -> Any:
        if self._value is _UNSET:
            self._value = self.fn(*self.args)
        return self._value

    def __reduce__(self):
        # What a cache key sees (cache.stable_pickle): the function and its arguments.
        return _later, (f"{self.fn.__module__}.{self.fn.__qualname__}", self.args)


def _later(name: str, args: tuple) -> None:
    raise TypeError("a page key is not meant to be unpickled")


def resolved(context: dict[str, Any]) -> dict[str, Any]:
    """The context with its Later values computed (top-level values only)."""
    return {k: v.value() if isinstance(v, Later) else v for k, v in context.items()}
