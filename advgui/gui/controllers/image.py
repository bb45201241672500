"""Opening an image and making the model's input, all off the GUI thread.

``open(path)`` decodes the file on a worker (images up to ~89 Mpx are accepted, and
decoding one takes a while); the image then becomes the state's, and the input for the
loaded model is made and predicted on workers too. A newer request makes older results
stale: they are dropped when they arrive. A file that cannot be read leaves the
previous image, input and prediction as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, Signal

from advgui.core.formats import IMAGE_FILTER
from advgui.gui.backend import Services
from advgui.gui.controllers.base import Controller
from advgui.gui.jobs import FunctionWorker, Job, JobRunner
from advgui.gui.state import AppState

BUSY = "image"


class ImagePrompt(Protocol):
    def choose_image(self, name_filter: str) -> str: ...  # "" when cancelled


class ImageController(Controller):
    opened = Signal(str)  # the path of the image now shown
    openFailed = Signal(str, object)  # the path, the exception
    predictionFailed = Signal()

    def __init__(
        self,
        state: AppState,
        runner: JobRunner,
        services: Services,
        *,
        stop_run: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(state, runner, services)
        self._stop_run = stop_run
        self._open_token = 0  # the newest file asked for; older ones are dropped
        self._input_token = 0  # likewise for the model's input and its prediction
        self._decoding: Job | None = None
        self._pending: Path | None = None  # asked for before the core had loaded
        self._failure: BaseException | None = None  # why the newest file was refused
        state.modelChanged.connect(self.prepare)

    def open(self, path: str | Path) -> None:
        """Decode ``path`` in the background; ``opened`` or ``openFailed`` follows."""
        path = Path(path)
        if self.state.catalog is None:  # PyTorch is still loading: open it then
            self._pending = path
            self.message.emit(
                QCoreApplication.translate(
                    "ImageController", "Will open {name} once PyTorch has loaded."
                ).format(name=path.name)
            )
            return
        self._open_token += 1
        worker = FunctionWorker(self.services.decode_image, path, tag=(self._open_token, path))
        worker.succeeded.connect(self._on_decoded)
        worker.failed.connect(self._on_decode_failed)
        self._failure = None
        self.state.set_busy(
            BUSY,
            QCoreApplication.translate("ImageController", "Opening {name}…").format(name=path.name),
        )
        self._decoding = self.runner.start(worker)

    def ask_and_open(self, prompts: ImagePrompt) -> None:
        """Ask for an image file (File ▸ Open) and open it."""
        if path := prompts.choose_image(IMAGE_FILTER):
            self.open(path)

    def open_pending(self, default: Path) -> None:
        """Open what was asked for before the core loaded, else ``default``."""
        path, self._pending = self._pending, None
        self.open(path or default)

    def wait(self) -> BaseException | None:
        """Block until the newest file asked for is shown or refused (for scripts);
        returns why it was refused, or None."""
        job = self._decoding
        if job is not None:
            job.wait()
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return self._failure

    def _on_decoded(self, tagged: tuple) -> None:
        (token, path), image = tagged
        if token != self._open_token or self.closing:
            return
        self.state.set_busy(BUSY, None)
        self._stop_run()
        self.state.set_image(path, image)
        self.opened.emit(str(path))
        self.prepare()

    def _on_decode_failed(self, tagged: tuple) -> None:
        (token, path), exc = tagged
        if token != self._open_token or self.closing:
            return
        self.state.set_busy(BUSY, None)
        self._failure = exc
        self.openFailed.emit(str(path), exc)

    # -- the model's input ----------------------------------------------------------------
    def prepare(self) -> None:
        """Make the loaded model's input from the image, then predict it (on workers)."""
        state = self.state
        self._input_token += 1
        if state.model is None or state.image is None or self.closing:
            return
        name = (
            state.image_path.name
            if state.image_path
            else QCoreApplication.translate("ImageController", "image")
        )
        worker = FunctionWorker(
            self.services.model_input,
            state.image,
            state.model.classifier,
            name,
            tag=self._input_token,
        )
        worker.succeeded.connect(self._on_input)
        worker.failed.connect(self._on_failed)
        self.runner.start(worker)

    def _current_input(self, token: int) -> bool:
        return token == self._input_token and not self.closing and self.state.model is not None

    def _on_input(self, tagged: tuple) -> None:
        token, made = tagged
        if not self._current_input(token):
            return
        self.state.set_input(made)
        worker = FunctionWorker(
            self.services.predict, self.state.model.classifier, made.x, tag=token
        )
        worker.succeeded.connect(self._on_predicted)
        worker.failed.connect(self._on_failed)
        self.runner.start(worker)

    def _on_predicted(self, tagged: tuple) -> None:
        token, guesses = tagged
        if not self._current_input(token):
            return
        self.state.set_prediction(guesses)
        top, name = guesses[0], self.state.model.name
        self.message.emit(
            QCoreApplication.translate(
                "ImageController",
                "Ready: {model} sees '{name}' ({index}) at {prob}. Press Run attack (Ctrl+R).",
            ).format(model=name, name=top.name, index=top.index, prob=f"{top.prob:.0%}")
        )

    def _on_failed(self, tagged: tuple) -> None:
        token, exc = tagged
        if self._current_input(token):
            self.predictionFailed.emit()
            self.error.emit(
                QCoreApplication.translate("ImageController", "Cannot classify the image"), exc
            )
