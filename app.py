"""The interactive app for students: ``solara run app.py`` (or ``cogov serve``).

A SolaraViz page over the co-governance model: the map of the 17 neighbourhoods, live
charts, department load, a feed of what just happened, the policy levers and a scenario
picker. The page itself lives in :mod:`cogov.viz.page`; ``cogov serve`` serves the same page
bound to 127.0.0.1 by default.
"""

import solara.server.settings

from cogov.viz.page import Page

# no usage data leaves the machine (cogov serve also turns off Solara's version check)
solara.server.settings.telemetry.mixpanel_enable = False

__all__ = ["Page"]
