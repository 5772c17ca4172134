"""Analysis of stored batch results: DataFrames in, estimates out.

- ``estimates``: runs as a table, means with t intervals, paired differences, Sobol indices;
- ``tables``: grouped tables for charts and the brief (daily bands, per neighbourhood, ...);
- ``hypotheses``: the report's claims as paired hypotheses;
- ``calibrate``: fitting the unsourced parameters to outside figures.
"""

__all__: list[str] = []
