"""What the window remembers between launches, in QSettings.

The QSettings location follows the application's organisation and name (set in
``app.create_app``); tests point QSettings at a temporary folder.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

from advgui.core.errors import SettingsError
from advgui.core.settings import AttackSettings
from advgui.gui.evaluation_plan import EvalRequest

if TYPE_CHECKING:
    from advgui.gui.state import AppState


class Prefs:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings()

    def _get(self, key: str, default: object, kind: type) -> object:
        try:
            return self.store.value(key, default, type=kind)
        except (TypeError, ValueError):
            return default

    def attack_settings(self) -> AttackSettings | None:
        text = self._get("attack/settings", "", str)
        if not text:
            return None
        try:
            return AttackSettings.from_dict(json.loads(text))
        except (SettingsError, ValueError, TypeError):
            return None  # written by another version, or edited by hand

    def set_attack_settings(self, settings: AttackSettings) -> None:
        self.store.setValue("attack/settings", json.dumps(settings.to_dict()))

    # -- the Evaluate tab ---------------------------------------------------------------
    def eval_request(self) -> EvalRequest | None:
        """The Evaluate tab's fields as last left (a labels file gone since is dropped)."""
        try:
            request = EvalRequest.from_dict(json.loads(self._get("evaluate/request", "", str)))
        except ValueError:
            return None  # nothing saved yet, or edited by hand
        if request.labels and not Path(request.labels).is_file():
            request = dataclasses.replace(request, labels="")
        return request

    def eval_inputs(self) -> list[str]:
        """The files and folders last evaluated, when every one of them is still there."""
        try:
            inputs = json.loads(self._get("evaluate/inputs", "[]", str))
        except ValueError:
            return []
        if not isinstance(inputs, list) or not all(isinstance(p, str) for p in inputs):
            return []
        return inputs if all(Path(p).exists() for p in inputs) else []

    def save_evaluation(self, request: EvalRequest, inputs: Sequence[str]) -> None:
        self.store.setValue("evaluate/request", json.dumps(request.to_dict()))
        self.store.setValue("evaluate/inputs", json.dumps(list(inputs)))

    def text(self, key: str, default: str = "") -> str:
        return str(self._get(key, default, str))

    def set_text(self, key: str, value: str) -> None:
        self.store.setValue(key, value)

    def number(self, key: str, default: float) -> float:
        value = self._get(key, default, float)
        return float(value) if isinstance(value, int | float) else default

    def set_number(self, key: str, value: float) -> None:
        self.store.setValue(key, float(value))

    def folder(self, key: str) -> str:
        """A remembered folder that still exists, else the home folder."""
        path = self.text(f"folders/{key}")
        return path if path and Path(path).is_dir() else str(Path.home())

    def set_folder(self, key: str, path: str | Path) -> None:
        p = Path(path)
        self.store.setValue(f"folders/{key}", str(p if p.is_dir() else p.parent))

    def blob(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self.store.setValue(key, value)

    def sync(self) -> None:
        self.store.sync()

    # -- the window as a whole ------------------------------------------------------------
    def restore_layout(
        self, window: QWidget, splitters: dict[str, QSplitter], default: tuple[int, int]
    ) -> None:
        """The window's last size and place (else ``default``, fitted to the screen) and
        each splitter's last state."""
        geometry = self.blob("window/geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            screen = window.screen().availableGeometry()
            w, h = default
            window.resize(min(w, int(screen.width() * 0.95)), min(h, int(screen.height() * 0.92)))
        for key, split in splitters.items():
            if (blob := self.blob(f"window/{key}")) is not None:
                split.restoreState(blob)

    def restore_compute(self, state: AppState, precisions: tuple, thread_counts: list) -> None:
        """The precision and thread count chosen last time, where still offered."""
        precision = self.text("compute/precision", "auto")
        threads = int(self.number("compute/threads", 0.0))
        state.set_compute(
            precision=precision if precision in precisions else "auto",
            threads=threads if threads in thread_counts and threads > 0 else None,
        )

    def save_layout(self, window: QWidget, splitters: dict[str, QSplitter]) -> None:
        self.set_blob("window/geometry", window.saveGeometry())
        for key, split in splitters.items():
            self.set_blob(f"window/{key}", split.saveState())

    def save_state(self, state: AppState) -> None:
        """What the next launch starts from: settings, view options, model and device."""
        self.set_attack_settings(state.settings)
        self.set_number("view/amplify", state.amplify)
        self.set_text("view/delta", state.delta_view.value)
        self.set_number("save/quantize", float(state.quantize))
        self.set_number("save/full_resolution", float(state.full_resolution))
        self.set_text("compute/precision", state.precision)
        self.set_number("compute/threads", float(state.threads or 0))
        if state.model is not None:
            self.set_text("model/name", state.model.name)
            self.set_text("model/device", state.model.device)
