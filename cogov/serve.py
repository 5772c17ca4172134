"""``cogov serve``: the interactive app for students, served by Solara on this machine.

It runs the same page as ``solara run app.py`` (:func:`cogov.viz.page.Page`), in this process,
bound to ``--host`` (default 127.0.0.1: only this machine can connect; pass
``--host 0.0.0.0`` deliberately to let a classroom in). Solara's usage telemetry and its
version check, which would call outside servers, are switched off.

A browser session holds a whole model. A session whose page has
been closed is dropped after ``--idle-minutes`` (default 3; Solara's own default keeps it
24 hours), and at most ``--max-sessions`` pages (default 8) are served at once: a further
page waits until one closes. Binding to an address other than loopback prints a warning.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import os
import sys
import warnings
from typing import Any

from cogov.argtypes import bounded

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_IDLE_MINUTES",
    "DEFAULT_MAX_SESSIONS",
    "DEFAULT_PORT",
    "apply_session_limits",
    "cmd_serve",
    "is_loopback",
    "register",
    "solara_args",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: minutes a closed page's session (its model) is kept before it is freed
DEFAULT_IDLE_MINUTES = 3.0
#: pages served at once; a further page waits until one closes
DEFAULT_MAX_SESSIONS = 8
APP_MODULE = "cogov.viz.page"

_EPILOG = """\
examples:
  cogov serve                                 # http://127.0.0.1:8765/, full scale
  cogov serve --port 9000 --scale 0.2         # a smaller, faster population
  cogov serve --scenario siloed
  cogov serve --lang zh                       # lever tooltips in Chinese (or add ?lang=zh)
  solara run app.py                           # the same page, Solara's own defaults
"""

#: option types: a port (0 = any free one), idle minutes before a session is freed, sessions
PORT = bounded(0, 65535, "0 (any free port) to 65535", integer=True)
MINUTES = bounded(0.01, 1440, "0.01 to 1440 minutes")
SESSIONS = bounded(1, 1000, "1 to 1000", integer=True)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (``localhost`` counts)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _app_scale(text: str) -> float:
    from cogov.sim.errors import ScenarioError
    from cogov.viz.settings import check_scale

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"found {text!r}; allowed: a number") from None
    try:
        return check_scale(value)
    except ScenarioError as exc:
        raise argparse.ArgumentTypeError(
            str(exc).removeprefix("scale: ") + " (the range of the app's slider)"
        ) from None


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
        "--port", type=PORT, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
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
    serve.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="language of the pages' lever tooltips (default: en); one page can ask for "
        "its own with ?lang=zh or ?lang=en in its address",
    )
    serve.add_argument(
        "--idle-minutes",
        type=MINUTES,
        default=DEFAULT_IDLE_MINUTES,
        help=f"free a closed page's session after this many minutes "
        f"(default: {DEFAULT_IDLE_MINUTES:g})",
    )
    serve.add_argument(
        "--max-sessions",
        type=SESSIONS,
        default=DEFAULT_MAX_SESSIONS,
        help=f"pages served at once; more wait (default: {DEFAULT_MAX_SESSIONS})",
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
    from cogov.viz.lang import ENV_LANG
    from cogov.viz.page import ENV_SCALE, ENV_SCENARIO
    from cogov.viz.settings import DEFAULT_SCENARIO, build_scenario, settings_from_scenario

    name = args.scenario or DEFAULT_SCENARIO
    build_scenario(settings_from_scenario(name, scale=args.scale))  # fail fast, here
    os.environ[ENV_SCENARIO] = name
    if args.lang:
        os.environ[ENV_LANG] = args.lang
    if args.scale is not None:
        os.environ[ENV_SCALE] = repr(args.scale)
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    import solara.server.settings
    from solara.__main__ import run

    solara.server.settings.telemetry.mixpanel_enable = False
    apply_session_limits(args.idle_minutes, args.max_sessions)
    # Solara warns on every page load served over plain http (its samesite cookie fallback)
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    if not is_loopback(args.host):
        print(
            f"cogov serve: warning: listening on {args.host}: anyone who can reach this machine "
            "on the network can open the app and run models on it",
            file=sys.stderr,
            flush=True,
        )
    print(f"cogov serve: open http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    import click

    # Ctrl+C: the server has shut down (click turns the interrupt into Abort)
    with contextlib.suppress(KeyboardInterrupt, click.exceptions.Abort):
        run.main(solara_args(args), prog_name="cogov serve", standalone_mode=False)
    print("cogov serve: stopped", flush=True)
    return 0


def apply_session_limits(idle_minutes: float, max_sessions: int) -> None:
    """Set Solara's session cull time and its cap on pages served at once."""
    import solara.server.settings

    solara.server.settings.kernel.cull_timeout = f"{idle_minutes * 60:g}s"
    solara.server.settings.kernel.max_count = max_sessions
