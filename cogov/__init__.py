"""The ``cogov`` command line: run scenarios and list them."""

__all__: list[str] = []
