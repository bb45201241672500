"""What the window knows about models and devices once PyTorch has loaded: plain data.

No Qt and no torch here: ``backend.load_catalog`` fills it on a worker thread, and the
state, the controllers and the model box all read it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

#: Weights status of a model, as shown next to its name.
BUNDLED, ON_DISK, MISSING = "offline, bundled", "weights on disk", "needs download"
#: The model list's groups, in list order (``core.model_list.GROUPS``).
STATUSES = (BUNDLED, ON_DISK, MISSING)


@dataclass(frozen=True)
class ModelEntry:
    name: str
    status: str  # BUNDLED, ON_DISK or MISSING
    input_size: int = 224
    download_mb: float | None = None  # the weights file's size, when it is known


def by_status(entries: list[ModelEntry]) -> list[tuple[str, list[ModelEntry]]]:
    """``entries`` grouped as the model list shows them: (status, entries) for each
    status in ``STATUSES`` order that has any, each in ``entries``' order."""
    groups = [(s, [e for e in entries if e.status == s]) for s in STATUSES]
    return [(s, members) for s, members in groups if members]


def megabytes(mb: float) -> str:
    """A download size in MB as the window writes it: "528", "4.8"."""
    return f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}"


@dataclass(frozen=True)
class Catalog:
    #: In the core's order (``model_list.by_preference``), whatever their status:
    #: ``by_status`` groups them, so a model whose status changes moves to its place.
    models: list[ModelEntry]
    devices: list[tuple[str, str]]  # (name, label), e.g. ("cuda:0", "CUDA 0: NVIDIA H100")
    categories: list[str]
    default_model: str
    offline_model: str
    torch_version: str = ""
    weights_folder: str = ""  # where downloaded weights go (torch hub's checkpoints)

    def entry(self, name: str) -> ModelEntry | None:
        return next((e for e in self.models if e.name == name), None)

    def with_status(self, name: str, status: str) -> Catalog:
        """The same catalog with ``name``'s weights status replaced (a download changes it)."""
        models = [
            dataclasses.replace(e, status=status) if e.name == name else e for e in self.models
        ]
        return dataclasses.replace(self, models=models)
