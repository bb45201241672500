"""Start the advgui window: ``python main.py [IMAGE]``."""

from advgui.gui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
