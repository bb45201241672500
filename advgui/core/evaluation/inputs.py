"""What an evaluation runs on: image files found in files and folders, and their labels.

Imports neither torch nor Qt. Every image gets an id, the name its rows carry in
``results.jsonl``: a file given by itself is named as given; a file found in a folder
is ``FOLDER/relative/path`` with the folder's own name first, so the same folder on
another machine (or in another shard) gives the same ids wherever it is mounted.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advgui.core.errors import QT_TRANSLATE_NOOP, SettingsError, UnknownClassError, shown
from advgui.core.formats import IMAGE_SUFFIXES


@dataclass(frozen=True)
class Item:
    """One file an evaluation looked at."""

    id: str  # the name in results.jsonl (see the module's docstring)
    path: Path
    folder: str | None  # the name of the folder it is in, when found in a folder

    @property
    def is_image(self) -> bool:
        """By its ending: a file with another ending is skipped and counted."""
        return self.path.suffix.lower() in IMAGE_SUFFIXES and not self.path.name.startswith(".")


def collect(inputs: Sequence[str | Path]) -> list[Item]:
    """Every file named or found (recursively) in ``inputs``, sorted by id, each once
    (a file given twice keeps the id it was first found under).

    A missing input raises SettingsError (one line); links to folders are not followed,
    so a link loop cannot make the walk endless.
    """
    items: dict[str, Item] = {}
    seen: set[Path] = set()  # the same file given twice (by itself and in its folder)

    def add(item: Item) -> None:
        real = item.path.resolve()
        if real not in seen and item.id not in items:
            seen.add(real)
            items[item.id] = item

    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for item in _walk(path):
                add(item)
        elif path.is_file():
            add(Item(path.as_posix(), path, path.parent.name or None))
        elif not str(given).strip():
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "an input is empty: give image files or folders")
            )
        else:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "{path}: no such file or folder"), path=shown(path)
            )
    return sorted(items.values(), key=lambda i: i.id)


def _walk(folder: Path) -> Iterable[Item]:
    root = folder.resolve().name or folder.as_posix()
    for parent, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(parent) / name
            if not path.is_file():  # a dangling link, a socket
                continue
            rel = path.relative_to(folder).as_posix()
            yield Item(f"{root}/{rel}", path, Path(parent).name)


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"``: this shard takes every N-th image from offset K (K from 0 to N-1)."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m:
        raise SettingsError.of(
            QT_TRANSLATE_NOOP("Errors", "shard {text} is not K/N, e.g. 0/4 (K counts from 0)"),
            text=repr(text),
        )
    k, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 0 <= k < n:
        raise SettingsError.of(
            QT_TRANSLATE_NOOP(
                "Errors", "shard {text}: K counts from 0 and must be below N, e.g. 0/{n}"
            ),
            text=text,
            n=n,
        )
    return k, n


def shard(items: Sequence[Item], k: int, n: int) -> list[Item]:
    """Every N-th item from offset K, counted over the images only (so that shards of
    a folder share its images evenly whatever other files it holds); the other files
    go to shard 0 to be counted once."""
    images = [i for i in items if i.is_image]
    others = [i for i in items if not i.is_image] if k == 0 else []
    return sorted([*images[k::n], *others], key=lambda i: i.id)


# -- labels --------------------------------------------------------------------------------


def folder_class(name: str | None, categories: Sequence[str]) -> int | None:
    """The class a folder's name means: an index (``285``) or a class name in any case,
    with ``_`` or ``-`` for spaces (``egyptian_cat``); None for any other name. Exact
    only: a folder called ``cats`` is not a guess at one of the many cat classes."""
    if not name:
        return None
    text = name.strip()
    if text.isdecimal():
        idx = int(text)
        return idx if 0 <= idx < len(categories) else None
    wanted = re.sub(r"[_-]+", " ", text).lower()
    for i, c in enumerate(categories):
        if c.lower() == wanted:
            return i
    return None


@dataclass(frozen=True)
class Labels:
    """Labels from a CSV file of ``file,class`` rows (a header row is allowed).

    A row's file names an image by its id, by its path inside the folder it was found
    in, or by its bare file name when no other image has that name; its class is an
    index or a name (anything ``classes.find_class`` accepts).
    """

    by_key: dict[str, int]
    source: str

    @classmethod
    def read(cls, path: str | Path, categories: Sequence[str]) -> Labels:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "labels file {path} cannot be read"),
                path=shown(p),
                detail=str(exc.strerror or exc),
            ) from None
        except UnicodeDecodeError:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "labels file {path} is not UTF-8 text"), path=shown(p)
            ) from None
        by_key: dict[str, int] = {}
        for line, row in enumerate(csv.reader(text.splitlines()), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 2:
                raise SettingsError.of(
                    QT_TRANSLATE_NOOP("Errors", "labels file {path}, line {line}: need file,class"),
                    path=shown(p),
                    line=line,
                )
            key, value = row[0].strip().replace("\\", "/"), row[1].strip()
            if line == 1 and key.lower() in ("file", "filename", "path", "image"):
                continue  # a header
            try:
                by_key[key] = _class_of(value, categories)
            except UnknownClassError as exc:
                raise SettingsError.of(
                    QT_TRANSLATE_NOOP("Errors", "labels file {path}, line {line}: {problem}"),
                    path=shown(p),
                    line=line,
                    problem=str(exc),
                ) from None
        return cls(by_key, str(p))

    def lookup(self, item: Item, ambiguous_names: set[str]) -> int | None:
        rel = item.id.split("/", 1)[1] if "/" in item.id and item.folder is not None else None
        for key in (item.id, rel, item.path.as_posix()):
            if key is not None and key in self.by_key:
                return self.by_key[key]
        name = item.path.name
        if name in self.by_key and name not in ambiguous_names:
            return self.by_key[name]
        return None


def _class_of(value: str, categories: Sequence[str]) -> int:
    from advgui.core.classes import find_class

    return find_class(value, categories)


def repeated_names(items: Iterable[Item]) -> set[str]:
    """File names that more than one image has (a bare name cannot label those)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for item in items:
        (twice if item.path.name in seen else seen).add(item.path.name)
    return twice
