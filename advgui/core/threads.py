"""CPU threads that survive a busy desktop. Imports neither torch nor Qt.

PyTorch's CPU kernels run on GNU OpenMP, whose threads by default *spin* a while when
they wait for each other. On a machine where another program keeps a core busy, one of
torch's threads is descheduled and the others spin until it runs again: each parallel
region then costs a scheduler time slice (measured on 2 cores, offline model, one other
busy program: 208 ms per PGD step with 2 threads instead of 43 ms on a quiet machine).

Two remedies were measured (``python -m advgui.bench`` "under load" for your machine):
``OMP_WAIT_POLICY=PASSIVE`` (threads sleep instead of spinning) survives the load but
makes every step on a quiet machine 1.75-1.9x slower (each wait becomes a futex wake-up);
bounded spinning (``GOMP_SPINCOUNT`` 1000-100000) is slower either way. Fewer threads under
load is what works: one thread ran the step in 56 ms beside the busy program. So OpenMP
keeps its own wait policy, and a run whose thread count is not fixed lets a
``ThreadTuner`` choose the count by timing its steps, again whenever the load changes.

A thread count the user fixed (``--threads``, the window's CPU threads menu, or their own
``OMP_NUM_THREADS``) is used as it is; so are their own ``OMP_WAIT_POLICY`` and
``GOMP_SPINCOUNT``.
"""

from __future__ import annotations

import os
import statistics
from collections import deque
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass

from advgui.core.errors import SettingsError

#: Variables through which a user chooses OpenMP's waiting; any of them set means hands off.
USER_WAIT_VARIABLES = ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")
#: The largest thread count accepted (more than any desktop has cores for).
MAX_THREADS = 256


@dataclass(frozen=True)
class ThreadPlan:
    """What ``configure`` decided, for the sidecar and the benchmark."""

    wait_policy: str  # "OpenMP's default" or "user: OMP_WAIT_POLICY=..."
    threads: int | None  # asked for with --threads (None: torch's default or the user's)


def check_threads(threads: int | None) -> int | None:
    """``threads`` if it is a usable count; SettingsError (one line) otherwise."""
    if threads is not None and not 1 <= threads <= MAX_THREADS:
        raise SettingsError(
            f"the number of threads must be between 1 and {MAX_THREADS}, got {threads}"
        )
    return threads


def configure(
    threads: int | None = None, environ: MutableMapping[str, str] | None = None
) -> ThreadPlan:
    """Fix OpenMP's thread count to ``threads`` (None: leave it to the tuner, or to the
    user's ``OMP_NUM_THREADS``) and say which wait policy OpenMP will use.

    Call before torch is imported: OpenMP reads its variables once, when torch loads it.
    """
    env = os.environ if environ is None else environ
    check_threads(threads)
    user = [f"{k}={env[k]}" for k in USER_WAIT_VARIABLES if k in env]
    policy = "user: " + ", ".join(user) if user else "OpenMP's default"
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
    return ThreadPlan(policy, threads)


def tuned(threads: int | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a run asked for ``threads`` should time its steps to choose the count:
    only when nobody fixed it (neither the run's settings nor ``OMP_NUM_THREADS``)."""
    env = os.environ if environ is None else environ
    return threads is None and not env.get("OMP_NUM_THREADS")


def apply(threads: int | None) -> int:
    """Set torch's thread count for the *calling* thread (OpenMP keeps it per thread, so a
    worker thread must call this itself); returns the count now in use."""
    import torch

    if threads is not None:
        torch.set_num_threads(check_threads(threads))
    return torch.get_num_threads()


class ThreadTuner:
    """Chooses a run's CPU thread count by timing its steps, and keeps choosing.

    A quiet machine runs fastest with every core; beside another busy program, one
    thread of a full team is descheduled and the others wait for it, so fewer threads
    are faster (measured on 2 cores, offline model: 43 ms per step with 2 threads and
    57 ms with 1 when quiet, 208 ms and 56 ms with one core busy). Which count wins
    depends on the machine and on what else runs, so it is measured during the run:

    - the first step (allocations, kernel selection) is not counted;
    - then each candidate count runs one step and the fastest is kept;
    - a kept count whose steps turn 1.8x slower than its typical step (the median of its
      last 8; two steps in a row) makes the candidates be timed again: the load changed.
      Not its best step: on a shared (virtual) machine a quiet run's steps wander between
      31 and 80 ms (measured, offline model, 2 cores), and against the fastest one ever
      seen that looked like load every few dozen steps, each false alarm costing a slow
      one-thread step and a fresh round of probes (10% on the quiet busy-desktop row);
    - every ``probe_every`` steps the best other count runs one step, so that a machine
      that became quiet is noticed; each probe that loses doubles the interval (up to
      ``MAX_PROBE_EVERY``), one that wins makes it switch and start again.

    ``set_threads(n)`` applies a count (``torch.set_num_threads`` on the run's thread);
    ``step_done(seconds)`` reports the work of the step just run (the engine's own time,
    not the consumer's) and sets the count for the next one.
    """

    SLOWER = 1.8  # a kept count this much slower than its typical step: the load changed
    RECENT = 8  # steps of the kept count its typical step is the median of
    MARGIN = 0.9  # a probe must be 10% faster to take over
    MAX_PROBE_EVERY = 64  # under load, a losing probe costs one slow step in 64

    def __init__(
        self, most: int, set_threads: Callable[[int], object], *, probe_every: int = 16
    ) -> None:
        self.candidates = candidate_counts(most)
        self._set = set_threads
        self.probe_every = self._first_probe_every = probe_every
        self.best: dict[int, float] = {}  # fastest step seen per count
        self.used: dict[int, int] = {}  # steps run per count
        self._queue: list[int] = []  # counts still to time in this exploration
        self._exploring = False
        self._kept = self.candidates[0]
        self._current = self._kept
        self._warm = False
        self._slow = 0
        self._recent: deque[float] = deque(maxlen=self.RECENT)  # the kept count's steps
        self._since_probe = 0
        self._probing = False
        self._set(self._current)

    @property
    def current(self) -> int:
        """The count the next step runs with."""
        return self._current

    def most_used(self) -> int:
        return max(self.used, key=lambda n: (self.used[n], n)) if self.used else self._current

    def step_done(self, seconds: float) -> None:
        n = self._current
        self.used[n] = self.used.get(n, 0) + 1
        if not self._warm:  # the first step pays for allocations and kernel choices
            self._warm = True
            self._explore()
        else:
            self.best[n] = min(self.best.get(n, seconds), seconds)
            if self._exploring:
                self._next_in_queue()
            elif self._probing:
                self._probe_result(n, seconds)
            else:
                self._watch(seconds)
        if self._current != n:
            self._set(self._current)

    # -- internals ------------------------------------------------------------------------
    def _explore(self) -> None:
        self.best = {}
        self._exploring = True
        self._queue = list(self.candidates)
        self._current = self._queue.pop(0)

    def _next_in_queue(self) -> None:
        if self._queue:
            self._current = self._queue.pop(0)
        else:
            self._exploring = False
            self._current = self._settle()

    def _settle(self) -> int:
        self._kept = min(self.best, key=self.best.__getitem__)
        self._recent.clear()
        self._recent.append(self.best[self._kept])
        self._slow = self._since_probe = 0
        self.probe_every = self._first_probe_every
        return self._kept

    def _watch(self, seconds: float) -> None:
        kept = self._kept
        typical = statistics.median(self._recent)
        self._recent.append(seconds)
        self._slow = self._slow + 1 if seconds > self.SLOWER * typical else 0
        if self._slow >= 2:  # the load changed: time every count again
            self._explore()
            return
        self._since_probe += 1
        others = [n for n in self.candidates if n != kept]
        if others and self._since_probe >= self.probe_every:
            self._since_probe = 0
            self._probing = True
            self._current = min(others, key=lambda n: self.best.get(n, 0.0))

    def _probe_result(self, n: int, seconds: float) -> None:
        self._probing = False
        if seconds < self.MARGIN * self.best[self._kept]:
            self._kept = n  # the machine changed: keep the faster count
            self._recent.clear()
            self._recent.append(seconds)
            self.probe_every = self._first_probe_every
        else:
            self.probe_every = min(2 * self.probe_every, self.MAX_PROBE_EVERY)
        self._current = self._kept


def candidate_counts(most: int) -> list[int]:
    """The thread counts a tuner tries, largest first: all, all but one, half, one."""
    most = max(1, most)
    return sorted({most, max(1, most - 1), max(1, most // 2), 1}, reverse=True)
