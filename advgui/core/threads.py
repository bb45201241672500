"""CPU threads that survive a busy desktop. Imports neither torch nor Qt.

PyTorch's CPU kernels run on GNU OpenMP, whose threads by default *spin* while they
wait for each other. On a machine where another program keeps a core busy, one of
torch's threads is descheduled and every other thread spins until it runs again: each
parallel region then costs a scheduler time slice. Measured on 2 cores, an 8-step PGD
run of the offline model with one other CPU-bound program running took 18.2 s with the
defaults and 0.63 s with ``OMP_WAIT_POLICY=PASSIVE`` (threads sleep instead of spinning).
See ``python -m advgui.bench`` ("under load") for the figures on your machine.

The policy is read once, when torch loads OpenMP, so ``configure`` must run before the
first ``import torch``; the CLI and the window call it first thing. A user's own
``OMP_WAIT_POLICY`` / ``GOMP_SPINCOUNT`` / ``OMP_NUM_THREADS`` are left as they are.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from dataclasses import dataclass

from advgui.core.errors import SettingsError

#: Variables through which a user chooses OpenMP's waiting; any of them set means hands off.
USER_WAIT_VARIABLES = ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")
#: The largest thread count accepted (more than any desktop has cores for).
MAX_THREADS = 256


@dataclass(frozen=True)
class ThreadPlan:
    """What ``configure`` decided, for the sidecar and the benchmark."""

    wait_policy: str  # "passive (advgui)", "user: OMP_WAIT_POLICY=..." or "unchanged"
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
    """Choose OpenMP's wait policy (and, with ``threads``, its thread count).

    Call before torch is imported; once it is, OpenMP has read its variables and only
    ``apply`` (the thread count) still has an effect.
    """
    env = os.environ if environ is None else environ
    check_threads(threads)
    user = [f"{k}={env[k]}" for k in USER_WAIT_VARIABLES if k in env]
    if user:
        policy = "user: " + ", ".join(user)
    elif "torch" in sys.modules and environ is None:
        policy = "unchanged (torch was already loaded)"
    else:
        env["OMP_WAIT_POLICY"] = "PASSIVE"
        policy = "passive (advgui)"
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
    return ThreadPlan(policy, threads)


def apply(threads: int | None) -> int:
    """Set torch's thread count for the *calling* thread (OpenMP keeps it per thread, so a
    worker thread must call this itself); returns the count now in use."""
    import torch

    if threads is not None:
        torch.set_num_threads(check_threads(threads))
    return torch.get_num_threads()
