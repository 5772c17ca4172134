"""Mesa agents of cogov.

Residents, resident units, volunteers, departments, inspectors and the neighbourhood
committees that host the community channel; one module per family.
"""

from agents.committee import Committee
from agents.department import Department
from agents.inspector import Inspector
from agents.resident import AgeGroup, Resident
from agents.unit import Unit
from agents.volunteer import Volunteer

__all__ = [
    "AgeGroup",
    "Committee",
    "Department",
    "Inspector",
    "Resident",
    "Unit",
    "Volunteer",
]
