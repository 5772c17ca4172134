"""The interactive app: a SolaraViz page over :class:`cogov.sim.model.CoGovModel`.

- ``settings``: the policy levers, read from a scenario and turned back into a validated one;
- ``appmodel``: ``AppModel``, the model with a constructor SolaraViz's Reset can call;
- ``measures``, ``feed``, ``history``: cheap counters read between ticks, and what changed;
- ``records``: what the app's model records for its views (participation, petitions);
- ``svg``, ``drawing``, ``neighbourhood_map``, ``together``: the map, charts, participation
  and department bars as SVG;
- ``views``, ``components``, ``page``: the views, the sidebar's components and the page
  that ``app.py`` and ``cogov serve`` start.
"""

__all__: list[str] = []
