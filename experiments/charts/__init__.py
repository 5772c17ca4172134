"""Charts drawn with matplotlib from analysis output.

- ``style``: fonts (with CJK), colours, figure creation and atomic saving;
- ``run``: one run's time courses and map (``cogov run``), also used by the brief;
- ``compare``: scenario comparisons, department load, close times per deadline tier;
- ``design``: parameter sweeps and Sobol indices.
"""

__all__: list[str] = []
