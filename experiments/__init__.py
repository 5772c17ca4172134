"""Experiments: batches of runs, the results store, analysis and charts.

Layers, each usable alone: :mod:`experiments.design` (experiment files → run specs),
:mod:`experiments.runner` (one run, a pure function), :mod:`experiments.batch` (executors),
:mod:`experiments.store` (resumable results on disk), :mod:`experiments.analysis`
(DataFrames in, estimates with confidence intervals out).
"""

__all__: list[str] = []
