"""Experiments: batches of runs, the results store, analysis, charts and the brief.

The batch layer sits at the top, each module usable alone: ``design`` (experiment files ->
run specs), ``runner`` (one run, a pure function), ``batch`` (executors), ``store``
(resumable results on disk), ``files`` (atomic writes). Above it, one concept a subpackage,
imports running one way (report -> charts -> analysis -> batch results -> sim):
``analysis`` (estimates, tables, hypotheses, calibration), ``verification`` (textbook
queues), ``charts`` and ``report`` (the policy brief); ``i18n`` holds their labels.
"""

__all__: list[str] = []
