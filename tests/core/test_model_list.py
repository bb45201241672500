"""The model list without torch: the shipped snapshot is torchvision's own list, the
weights cache is torch's, and another torchvision version is read once and cached."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from advgui.core import model_list

ROOT = Path(__file__).resolve().parents[2]


def test_the_snapshot_is_what_the_installed_torchvision_says():
    snapshot = model_list.load_snapshot(
        ROOT / "resources" / model_list.SNAPSHOT, model_list.torchvision_version()
    )
    assert snapshot is not None, "regenerate: python -m advgui.core.model_list resources/..."
    assert snapshot == model_list.read_torchvision()
    names = [i.name for i in snapshot]
    assert "resnet50" in names and len(names) > 50


@pytest.mark.parametrize(
    "env",
    [{"TORCH_HOME": "/some/torch"}, {"XDG_CACHE_HOME": "/xdg"}, {}],
    ids=["torch-home", "xdg", "home"],
)
def test_the_weights_cache_is_torch_hubs(monkeypatch, env):
    for key in ("TORCH_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert model_list.cache_dir() == Path(torch.hub.get_dir()) / "checkpoints"


def test_another_torchvision_version_is_read_once_and_cached(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(model_list, "torchvision_version", lambda: "9.9.9")
    calls = []
    real = model_list.read_torchvision
    monkeypatch.setattr(model_list, "read_torchvision", lambda: calls.append(1) or real())
    model_list.torchvision_infos.cache_clear()
    try:
        first = model_list.torchvision_infos()
        model_list.torchvision_infos.cache_clear()
        second = model_list.torchvision_infos()
    finally:
        model_list.torchvision_infos.cache_clear()
    assert calls == [1] and first == second
    assert (tmp_path / "advgui" / "torchvision-9.9.9-models.json").is_file()


def test_listing_models_imports_no_torch(tmp_path):
    code = (
        "import sys\n"
        "from advgui.cli import main\n"
        "rc = main(['models'])\n"
        "print('heavy:', [m for m in ('torch', 'torchvision') if m in sys.modules])\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "TORCH_HOME": str(tmp_path)},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "heavy: []"
    assert "resnet50" in out.stdout and "efficientnet_lite0" in out.stdout
