"""The window's widgets, one per module. None of them imports torch."""
