"""Fixtures shared by the whole suite: offline, CPU only, and hermetic.

- ``import advgui`` works from a plain checkout (the repository root goes on sys.path).
- torch uses at most a few threads, so parallel test runs on a shared machine stay fair;
  the count is fixed (``OMP_NUM_THREADS``, for child processes and for the engine, which
  then does not time its steps to choose one), because results differ in their last bits
  between thread counts and tests compare runs exactly. tests/test_threads.py tests the
  timing choice itself.
- ``TORCH_HOME`` points at an empty temporary folder for the whole session, so no test
  sees (or writes to) the developer's real weights cache, and the default model is
  always the offline one.
- The offline model and the two bundled samples are built once per session.
  Session tensors are shared: tests must not modify them in place (clone first).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Set (by tests/gui/test_controllers.py) to run tests with torch made unimportable:
#: they prove that what they test needs no torch.
NO_TORCH = "ADVGUI_TESTS_WITHOUT_TORCH"
#: Threads for torch in tests: enough to be quick, few enough to share a small machine.
TEST_THREADS = max(1, min(4, os.cpu_count() or 1))

if os.environ.get(NO_TORCH):
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" now fails
else:
    import torch

    torch.set_num_threads(TEST_THREADS)
    os.environ.setdefault("OMP_NUM_THREADS", str(TEST_THREADS))


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory):
    """An empty user cache for the session (advgui's precision choices live there)."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg_cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(scope="session", autouse=True)
def _isolated_torch_home(tmp_path_factory: pytest.TempPathFactory):
    """An empty weights cache for the session (torch.hub.get_dir() reads TORCH_HOME)."""
    home = tmp_path_factory.mktemp("torch_home")
    old = os.environ.get("TORCH_HOME")
    os.environ["TORCH_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("TORCH_HOME", None)
    else:
        os.environ["TORCH_HOME"] = old


@pytest.fixture(scope="session")
def offline_model():
    """The offline EfficientNet-Lite0 Classifier (frozen, eval, CPU), loaded once."""
    from advgui.core.models import OFFLINE_MODEL, load_model

    return load_model(OFFLINE_MODEL, download=False)


@pytest.fixture(scope="module")
def offline_state():
    """The offline model's state dict, read from its bundled weights file (for tests that
    write wrong weights files from it: ``corpus.weights.bad_weights``)."""
    from advgui.core.models import OFFLINE_MODEL, model_info
    from advgui.core.weights import read_state_dict

    return read_state_dict(model_info(OFFLINE_MODEL).weights_path)


@pytest.fixture(scope="session")
def cat_image():
    """The bundled cat sample as an RGB Pillow image."""
    from advgui.core.imaging import load_image
    from advgui.core.paths import sample

    return load_image(sample("cat"))


@pytest.fixture(scope="session")
def espresso_image():
    """The bundled espresso sample as an RGB Pillow image."""
    from advgui.core.imaging import load_image
    from advgui.core.paths import sample

    return load_image(sample("espresso"))


@pytest.fixture(scope="session")
def cat_x(cat_image):
    """The cat sample preprocessed like the tutorial: 1 x 3 x 224 x W in [0, 1]."""
    from advgui.core.imaging import preprocess

    return preprocess(cat_image)


@pytest.fixture(scope="session")
def espresso_x(espresso_image):
    """The espresso sample preprocessed like the tutorial: 1 x 3 x 224 x W in [0, 1]."""
    from advgui.core.imaging import preprocess

    return preprocess(espresso_image)
