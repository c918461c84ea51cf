"""Small-count suppression: a public number made of fewer than five people is not shown.

One payment out, or a category with two requests, would tell its size to anyone who knows who was
helped. Every public count and total goes through here.
"""

SMALLEST_GROUP = 5


def hide_small(count: int) -> int | None:
    """The count, or None for "fewer than five"."""
    return count if count >= SMALLEST_GROUP else None


def shown_if_enough(value, count: int):
    """A value (a total, an average) made up of `count` records: the value, or None when too few make it up."""
    return value if count >= SMALLEST_GROUP else None


def enough(count: int) -> bool:
    return count >= SMALLEST_GROUP
