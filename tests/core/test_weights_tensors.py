"""Weights files whose tensors are of the wrong kind (issue 14): meta, sparse, quantized,
complex, the wrong dtype, NaN or infinity. Each is refused with WeightsFileError (exit
code 3) naming the file and the entry, before anything is loaded into the model."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch

from advgui.core.errors import WeightsFileError
from advgui.core.models import OFFLINE_MODEL, load_model

KEY = "_fc.weight"


def _quantized(t: torch.Tensor) -> torch.Tensor:
    with warnings.catch_warnings():  # torch deprecates making quantized tensors
        warnings.simplefilter("ignore")
        return torch.quantize_per_tensor(t, 0.01, 0, torch.qint8)


def _with_value(value: float):
    def change(t: torch.Tensor) -> torch.Tensor:
        t = t.clone()
        t[3, 7] = value
        return t

    return change


#: kind -> (how the entry is changed, words the refusal must contain)
KINDS = {
    "meta": (lambda t: torch.empty_like(t, device="meta"), "meta tensor"),
    "sparse": (lambda t: t.to_sparse(), "sparse tensor (sparse_coo)"),
    "sparse-csr": (lambda t: t.to_sparse_csr(), "sparse tensor (sparse_csr)"),
    "quantized": (_quantized, "quantized tensor (qint8)"),
    "complex": (lambda t: t.to(torch.complex64), "complex numbers"),
    "int8": (lambda t: t.to(torch.int8), "dtype int8, but efficientnet_lite0 needs floating"),
    "bool": (lambda t: t > 0, "dtype bool"),
    "nan": (_with_value(float("nan")), "NaN or infinite"),
    "inf": (_with_value(float("inf")), "NaN or infinite"),
    "minus-inf": (_with_value(float("-inf")), "NaN or infinite"),
}


def _write(folder: Path, state: dict, kind: str) -> Path:
    change, _ = KINDS[kind]
    changed = dict(state)
    with warnings.catch_warnings():  # sparse CSR is "beta"
        warnings.simplefilter("ignore")
        changed[KEY] = change(state[KEY])
    path = folder / f"{kind}.pth"
    torch.save(changed, path)
    return path


@pytest.mark.parametrize("kind", list(KINDS))
def test_tensor_of_the_wrong_kind_is_refused_naming_file_and_entry(
    tmp_path, offline_state, capfd, kind
):
    path = _write(tmp_path, offline_state, kind)
    capfd.readouterr()
    with pytest.raises(WeightsFileError) as info:
        load_model(OFFLINE_MODEL, weights_file=path, prepare=False)
    message = str(info.value)
    assert info.value.exit_code == 3
    assert "\n" not in message and str(path) in message and KEY in message, message
    assert KINDS[kind][1] in message, message
    assert capfd.readouterr().err == ""  # no warning of torch's on stderr


def test_an_integer_buffer_must_stay_whole_numbers(tmp_path, offline_state):
    counters = [k for k, v in offline_state.items() if not v.is_floating_point()]
    assert counters  # batch norms count their batches in int64
    state = dict(offline_state)
    state[counters[0]] = state[counters[0]].float()
    path = tmp_path / "float-counter.pth"
    torch.save(state, path)
    with pytest.raises(WeightsFileError, match="needs whole numbers"):
        load_model(OFFLINE_MODEL, weights_file=path, prepare=False)


def test_half_precision_weights_are_still_weights(tmp_path, offline_state, cat_x):
    """float16 is another floating-point format, not a wrong kind: it loads and predicts."""
    state = {k: (v.half() if v.is_floating_point() else v) for k, v in offline_state.items()}
    path = tmp_path / "half.pth"
    torch.save(state, path)
    model = load_model(OFFLINE_MODEL, weights_file=path, prepare=False)
    assert int(model(cat_x).argmax()) == 285  # Egyptian cat, as with the float32 weights


@pytest.mark.parametrize("name", ["", ".", "x" * 300 + ".pth"])
def test_empty_and_over_long_names(tmp_path, name):
    path = Path(name) if len(name) < 10 else tmp_path / name
    with pytest.raises(WeightsFileError) as info:
        load_model(OFFLINE_MODEL, weights_file=path, prepare=False)
    message = str(info.value)
    assert "\n" not in message and len(message) < 200, message
    assert ("empty" in message) if len(name) < 10 else ("too long" in message)
