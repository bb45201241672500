"""Every step of a run, kept compactly so that any step can be shown again.

A ``StepTape`` holds the clean image (H x W x 3 float32 in [0, 1]) and, per recorded
step, delta as float16: half the bytes of float32, and its rounding error is below
0.002 of a 1/255 level for an L-inf delta of up to 2/255 and below 0.07 of a level for
any delta (|delta| <= 1), far under what an 8-bit picture shows. The step records themselves (top-5,
norms) are kept by the run's history, so the tape holds pictures only.

Memory is bounded: once the deltas would pass ``max_bytes``, the tape keeps every
second step of those it holds (then every fourth, …) and from then on only records
steps on that stride; the newest step is always kept, so a live view never lags. Asked
for a step it no longer holds, ``nearest`` names the kept step shown instead.
"""

from __future__ import annotations

import numpy as np

#: One run's deltas at most (64 MiB: 148 steps of a 224 x 337 image before thinning).
TAPE_BYTES = 64 * 2**20

#: All the runs of a session together (see ``shrink_to``): 8 runs' full tapes.
HISTORY_BYTES = 512 * 2**20


class StepTape:
    """Deltas of one image's steps, float16, with a bound on their bytes."""

    def __init__(self, x: np.ndarray, *, max_bytes: int = TAPE_BYTES) -> None:
        if x.ndim != 3 or x.shape[2] != 3:
            raise ValueError(f"need an H x W x 3 image, got {x.shape}")
        self.x = np.ascontiguousarray(x, dtype=np.float32)
        self.max_bytes = int(max_bytes)
        self.stride = 1  # steps kept: multiples of this, and the newest
        self._deltas: dict[int, np.ndarray] = {}
        self._newest: int | None = None

    # -- recording --------------------------------------------------------------------
    def add(self, step: int, delta: np.ndarray) -> None:
        """Keep ``delta`` (H x W x 3, pixel units) as the state after ``step`` updates."""
        if delta.shape != self.x.shape:
            raise ValueError(f"delta {delta.shape} does not match the image {self.x.shape}")
        newest = self._newest
        if newest is not None and newest % self.stride and newest != step:
            del self._deltas[newest]  # it was kept only for being the newest
        self._deltas[step] = np.array(delta, dtype=np.float16)  # a copy of its own
        self._newest = step
        self._fit(self.max_bytes)

    def shrink_to(self, max_bytes: int) -> None:
        """Thin this tape until it holds at most ``max_bytes`` (or one step)."""
        self.max_bytes = min(self.max_bytes, int(max_bytes))
        self._fit(self.max_bytes)

    def _fit(self, limit: int) -> None:
        while self.nbytes > limit and len(self._deltas) > 1:
            if self.stride > max(self._deltas):  # even step 0 must go: the newest only
                self._deltas = {self._newest: self._deltas[self._newest]}
                return
            self.stride *= 2
            keep = {s for s in self._deltas if s % self.stride == 0}
            keep.add(self._newest)
            if len(keep) == len(self._deltas):  # nothing more to drop at this stride
                continue
            self._deltas = {s: d for s, d in self._deltas.items() if s in keep}

    # -- reading ------------------------------------------------------------------------
    @property
    def nbytes(self) -> int:
        """Bytes of the kept deltas (the image itself not counted)."""
        return sum(d.nbytes for d in self._deltas.values())

    @property
    def steps(self) -> list[int]:
        return sorted(self._deltas)

    @property
    def newest(self) -> int | None:
        return self._newest

    def __len__(self) -> int:
        return len(self._deltas)

    def nearest(self, step: int) -> int | None:
        """The kept step closest to ``step`` (the earlier one on a tie), None when empty."""
        if not self._deltas:
            return None
        if step in self._deltas:
            return step
        return min(self._deltas, key=lambda s: (abs(s - step), s))

    def delta(self, step: int) -> np.ndarray:
        """Delta after ``step`` updates (a kept step), float32."""
        return self._deltas[step].astype(np.float32)

    def frame(self, step: int) -> tuple[np.ndarray, np.ndarray]:
        """(x + delta as H x W x 3 uint8, delta float32) for a kept ``step``."""
        delta = self.delta(step)
        return adversarial_rgb(self.x, delta), delta


def adversarial_rgb(x: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """``clamp(x + delta, 0, 1)`` as 8-bit RGB, rounded as ``imaging.to_uint8`` rounds."""
    return to_rgb8(x + delta)


def to_rgb8(x: np.ndarray) -> np.ndarray:
    """An H x W x 3 float image in [0, 1] (clipped) as 8-bit RGB, rounded to nearest."""
    return np.round(np.clip(x, 0.0, 1.0) * np.float32(255.0)).astype(np.uint8)


def shrink_history(tapes: list[StepTape], max_bytes: int = HISTORY_BYTES) -> None:
    """Thin the oldest tapes first (``tapes`` oldest first) until all of them together
    hold at most ``max_bytes``; the newest tape is thinned last."""
    for tape in tapes:
        total = sum(t.nbytes for t in tapes)
        if total <= max_bytes:
            return
        # This tape gets what the others leave (it always keeps its newest step).
        tape.shrink_to(max(max_bytes - (total - tape.nbytes), 0))
