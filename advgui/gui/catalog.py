"""What the window knows about models and devices once PyTorch has loaded: plain data.

No Qt and no torch here: ``backend.load_catalog`` fills it on a worker thread, and the
state, the controllers and the model box all read it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

#: Weights status of a model, as shown next to its name.
BUNDLED, ON_DISK, MISSING = "offline, bundled", "weights on disk", "needs download"


@dataclass(frozen=True)
class ModelEntry:
    name: str
    status: str  # BUNDLED, ON_DISK or MISSING
    input_size: int = 224


@dataclass(frozen=True)
class Catalog:
    models: list[ModelEntry]
    devices: list[tuple[str, str]]  # (name, label), e.g. ("cuda:0", "CUDA 0: NVIDIA H100")
    categories: list[str]
    default_model: str
    offline_model: str
    torch_version: str = ""

    def entry(self, name: str) -> ModelEntry | None:
        return next((e for e in self.models if e.name == name), None)

    def with_status(self, name: str, status: str) -> Catalog:
        """The same catalog with ``name``'s weights status replaced (a download changes it)."""
        models = [
            dataclasses.replace(e, status=status) if e.name == name else e for e in self.models
        ]
        return dataclasses.replace(self, models=models)
