"""Mesa agents of cogov.

Residents, resident units, volunteers, departments, inspectors and the neighbourhood
committees that host the community channel; one module per family.
"""

from cogov.agents.committee import Committee
from cogov.agents.department import Department
from cogov.agents.inspector import Inspector
from cogov.agents.resident import AgeGroup, Resident
from cogov.agents.unit import Unit
from cogov.agents.volunteer import Volunteer

__all__ = [
    "AgeGroup",
    "Committee",
    "Department",
    "Inspector",
    "Resident",
    "Unit",
    "Volunteer",
]
