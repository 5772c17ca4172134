"""Grid inspectors who patrol their neighbourhood.

They find problems residents may never report (in grid systems they find most cases: 97.6%
in Kunming 2024, see the digest).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

if TYPE_CHECKING:
    from mesa.discrete_space import Cell

    from cogov.sim.model import CoGovModel

__all__ = ["Inspector"]


class Inspector(FixedAgent):
    """A grid inspector assigned to one neighbourhood."""

    model: CoGovModel

    def __init__(self, model: CoGovModel, cell: Cell) -> None:
        """Create an inspector patrolling ``cell``."""
        super().__init__(model)
        self.cell = cell
