"""``cogov serve``: the interactive app for students, served by Solara on this machine.

It runs the same page as ``solara run app.py`` (:func:`cogov.viz.page.Page`), in this process,
bound to ``--host`` (default 127.0.0.1: only this machine can connect; pass
``--host 0.0.0.0`` deliberately to let a classroom in). Solara's usage telemetry and its
version check, which would call outside servers, are switched off.
"""

from __future__ import annotations

import argparse
import os
import warnings
from typing import Any

from cogov.cli import _scale

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "cmd_serve", "register", "solara_args"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP_MODULE = "cogov.viz.page"

_EPILOG = """\
examples:
  cogov serve                                 # http://127.0.0.1:8765/, full scale
  cogov serve --port 9000 --scale 0.2         # a smaller, faster population
  cogov serve --scenario siloed
  solara run app.py                           # the same page, Solara's own defaults
"""


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"found {text!r}; allowed: a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"found {value}; allowed: 0 (any free port) to 65535")
    return value


def _app_scale(text: str) -> float:
    from cogov.viz.settings import SCALE_RANGE

    value = _scale(text)
    lo, hi, _ = SCALE_RANGE
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(
            f"found {value:g}; allowed: {lo:g} to {hi:g} (the range of the app's slider)"
        )
    return value


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand to ``cogov``'s subparsers."""
    serve = subparsers.add_parser(
        "serve",
        help="start the interactive app (SolaraViz) for students",
        description="Serve the interactive app: the map, live charts, the event feed, the "
        "policy levers, play/pause/step/reset. Open the printed address in a browser; "
        "Ctrl+C stops the server.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    serve.add_argument(
        "--scenario",
        default=None,
        help="built-in scenario the page starts with (default: xinhua_2013)",
    )
    serve.add_argument(
        "--scale",
        type=_app_scale,
        help="population scale the page starts with, 0.01-1, the range of the page's slider "
        "(default: the scenario's, 1 = 70,900 residents)",
    )
    serve.set_defaults(handler=cmd_serve)


def solara_args(args: argparse.Namespace) -> list[str]:
    """The arguments of ``solara run`` that serve the app as ``args`` ask."""
    return [
        APP_MODULE,
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--production",
        "--no-open",
        "--no-check-version",
    ]


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the starting scenario, then run the Solara server until interrupted.

    Raises:
        ScenarioError: if the scenario or scale is invalid (``cogov`` exits with status 2).
    """
    from cogov.viz.page import ENV_SCALE, ENV_SCENARIO
    from cogov.viz.settings import DEFAULT_SCENARIO, build_scenario, settings_from_scenario

    name = args.scenario or DEFAULT_SCENARIO
    build_scenario(settings_from_scenario(name, scale=args.scale))  # fail fast, here
    os.environ[ENV_SCENARIO] = name
    if args.scale is not None:
        os.environ[ENV_SCALE] = repr(args.scale)
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    import solara.server.settings
    from solara.__main__ import run

    solara.server.settings.telemetry.mixpanel_enable = False
    # Solara warns on every first request from 127.0.0.1 (not "localhost") that it falls
    # back to samesite=lax cookies; that fallback is right for a local server
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    print(f"cogov serve: open http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    run.main(solara_args(args), prog_name="cogov serve", standalone_mode=False)
    return 0
