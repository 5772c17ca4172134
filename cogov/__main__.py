"""Allow ``python -m cogov``."""

from cogov.cli import main

raise SystemExit(main())
