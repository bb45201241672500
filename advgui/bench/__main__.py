"""``python -m advgui.bench``."""

from advgui.bench.cli import main

raise SystemExit(main())
