"""The policy brief: ``cogov report`` turns a batch folder into a self-contained HTML page.

- ``build``: gathers data, charts and text and writes the page;
- ``sections``, ``page``, ``text``: the page's sections, HTML and fixed texts;
- ``findings``: sentences computed from the analysis;
- ``closetimes``: the one re-run replicate behind the close-time chart.
"""

__all__: list[str] = []
