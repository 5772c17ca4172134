"""Verification: the model reduced to textbook queues and checked against theory.

- ``theory``: Erlang C, M/M/1 and M/G/inf formulas;
- ``checks``: the checks ``cogov validate`` runs.
"""

__all__: list[str] = []
