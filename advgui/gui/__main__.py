"""``python -m advgui.gui``: start the window."""

from advgui.gui.app import main

raise SystemExit(main())
