"""The built-in scenario files (TOML data, never code), installed as package data.

Read them through :func:`cogov.sim.loader.builtin_scenarios`; this package holds no code.
"""
