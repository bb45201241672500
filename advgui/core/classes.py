"""Class names: one resolver for what a user types, shared by the CLI and the window.

Imports neither torch nor Qt, so the window can use it before PyTorch has loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from advgui.core.errors import QT_TRANSLATE_NOOP, UnknownClassError


def class_label(index: int, name: str) -> str:
    """How a class is shown in a list: ``404: airliner``."""
    return f"{index}: {name}"


def find_class(query: str | int, categories: Sequence[str]) -> int:
    """The class a user means: an index (``404``), a label (``404: airliner``), a name
    (``airliner``, any case) or a part of one that names a single class.

    An exact name wins over partial matches ("tiger" is not "tiger cat"); among partial
    matches, a single name with a word starting with the text wins. Raises
    UnknownClassError, one line, when nothing or more than one class matches.
    """
    cats = list(categories)
    text = str(query).strip()
    head = text.split(":", 1)[0].strip()
    if head.removeprefix("-").isdecimal():
        idx = int(head)
        if 0 <= idx < len(cats):
            return idx
        raise UnknownClassError.of(
            QT_TRANSLATE_NOOP("Errors", "class index {index} is out of range 0-{last}"),
            index=idx,
            last=len(cats) - 1,
        )
    if not text:
        raise UnknownClassError.of(QT_TRANSLATE_NOOP("Errors", "empty class name"))
    low = text.lower()
    exact = [i for i, c in enumerate(cats) if c.lower() == low]
    if exact:
        return exact[0]
    partial = [i for i, c in enumerate(cats) if low in c.lower()]
    if len(partial) > 1:  # prefer names with a word that starts with the query
        starts = [i for i in partial if any(w.startswith(low) for w in cats[i].lower().split())]
        if len(starts) == 1:
            return starts[0]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise UnknownClassError.of(
            QT_TRANSLATE_NOOP("Errors", "no ImageNet class matches {text}"), text=repr(text)
        )
    shown = ", ".join(f"{cats[i]} ({i})" for i in partial[:5])
    if len(partial) > 5:
        raise UnknownClassError.of(
            QT_TRANSLATE_NOOP(
                "Errors", "{text} matches several classes: {classes} and {more} more"
            ),
            text=repr(text),
            classes=shown,
            more=len(partial) - 5,
        )
    raise UnknownClassError.of(
        QT_TRANSLATE_NOOP("Errors", "{text} matches several classes: {classes}"),
        text=repr(text),
        classes=shown,
    )
