"""Errors raised on bad input, caught by the command line and shown without a traceback."""

__all__ = ["ExperimentError", "InputError", "ScenarioError"]


class InputError(ValueError):
    """Input that cannot be used; the message says where and how to fix it (exit status 2)."""


class ScenarioError(InputError):
    """A scenario file that cannot be used."""


class ExperimentError(InputError):
    """An experiment file, or a results folder, that cannot be used."""
