"""``cogov run``'s charts, drawn by two worker processes while and after the model runs.

Drawing costs more than simulating a year, and most of it is fixed: importing matplotlib
and pandas' plotting paths, loading fonts. :class:`ChartWorkers` starts two processes when
the run starts; each warms up (imports, fonts) while the main process simulates, then
draws one of the two charts, so the two charts are drawn at the same time on a two-core
machine. Where ``fork`` is not available, the charts are drawn in this process.
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

__all__ = ["ChartWorkers"]


def _warm_up(lang: str) -> None:
    """Import the chart modules and load the fonts (in a worker)."""
    from cogov.experiments.charts import run  # noqa: F401
    from cogov.experiments.charts.style import chart_style

    with chart_style(lang):
        pass


class ChartWorkers:
    """Two processes that draw a run's charts; a context manager.

    Args:
        lang: the charts' language (fonts are loaded at start).
    """

    def __init__(self, lang: str = "en") -> None:
        """Start the workers and their warm-up."""
        self.lang = lang
        self.pool: ProcessPoolExecutor | None = None
        self.warm: list[Future] = []
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        with warnings.catch_warnings():  # fork is safe here: workers only draw
            warnings.simplefilter("ignore", DeprecationWarning)
            self.pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))
            self.warm = [self.pool.submit(_warm_up, lang) for _ in range(2)]

    def __enter__(self) -> ChartWorkers:
        """The workers."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the workers."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def draw(
        self, summary: dict, daily: dict, out_dir: Path, formats: Sequence[str]
    ) -> dict[str, dict[str, Path]]:
        """Draw every chart of the run; return chart name -> {format: path}.

        Raises:
            FontMissingError: for Chinese when no Chinese font is installed.
        """
        from cogov.experiments.charts.run import RUN_CHARTS, draw_run_chart

        args = (summary, daily, Path(out_dir), self.lang, tuple(formats))
        if self.pool is None:
            return {name: draw_run_chart(name, *args) for name in RUN_CHARTS}
        for future in self.warm:
            future.result()  # a missing font is reported here, once
        futures = {name: self.pool.submit(draw_run_chart, name, *args) for name in RUN_CHARTS}
        return {name: future.result() for name, future in futures.items()}
