"""Errors raised on bad input, caught by the command line and shown without a traceback."""

__all__ = ["ScenarioError"]


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message says where and how to fix it."""
