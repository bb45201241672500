"""An error, as the window says it: in the user's language, without the libraries' words.

``AdvguiError.of`` keeps the English template and its fields (``advgui.core.errors``);
``user_text`` translates the template (context "Errors", from the core's marked
sentences) and fills it in. Errors made without a template are shown as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["user_text"]


def user_text(exc: BaseException) -> str:
    """One line for the window: the error's sentence, translated, its detail left out."""
    template = getattr(exc, "template", None)
    if template:
        try:
            return QCoreApplication.translate("Errors", template).format(**exc.fields)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return template.format(**exc.fields)
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
