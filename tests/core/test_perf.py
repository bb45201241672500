"""Speed work that must not change results: batch-norm folding, channels_last, autocast."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from advgui.core import perf
from advgui.core.attacks import AttackRun
from advgui.core.errors import SettingsError
from advgui.core.settings import PRESETS, AttackSettings

from ._support import CAT_CLASS


def _randomised(net: nn.Module) -> nn.Module:
    """Give every batch norm non-trivial statistics, then freeze the net in eval mode."""
    gen = torch.Generator().manual_seed(0)
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=gen))
            m.running_var.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.weight.data.copy_(torch.randn(m.num_features, generator=gen))
            m.bias.data.copy_(torch.randn(m.num_features, generator=gen))
    return net.eval().requires_grad_(False)


class Block(nn.Module):
    """conv -> bn -> relu, plus a second branch where a conv output feeds two users."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(8)  # reads conv2, whose output is also the skip
        self.head = nn.Linear(8, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(self.bn1(self.conv1(x)))
        z = self.conv2(y)
        y = torch.relu(self.bn2(z) + z)
        return self.head(y.mean(dim=(2, 3)))


def test_fold_keeps_outputs_and_removes_only_safe_batch_norms() -> None:
    net = _randomised(Block())
    x = torch.rand(2, 3, 16, 16)
    before = net(x)
    assert perf.fold_batchnorm(net) == 1
    assert isinstance(net.bn1, nn.Identity)
    assert isinstance(net.bn2, nn.BatchNorm2d)  # conv2's output has a second reader
    torch.testing.assert_close(net(x), before, rtol=1e-4, atol=1e-5)
    assert net.conv1.bias is not None and not net.conv1.bias.requires_grad


def test_fold_leaves_a_training_net_alone() -> None:
    net = _randomised(Block()).train()
    assert perf.fold_batchnorm(net) == 0
    assert isinstance(net.bn1, nn.BatchNorm2d)


class Untraceable(Block):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.sum() > 0:  # data-dependent control flow: torch.fx cannot trace it
            x = x * 1.0
        return super().forward(x)


def test_fold_leaves_an_untraceable_net_alone() -> None:
    net = _randomised(Untraceable())
    assert perf.fold_batchnorm(net) == 0
    assert isinstance(net.bn1, nn.BatchNorm2d)


def test_prepared_offline_model_predicts_like_the_plain_one(small_cat) -> None:
    from advgui.core.models import OFFLINE_MODEL, load_model

    plain = load_model(OFFLINE_MODEL, download=False, prepare=False)
    prepared = load_model(OFFLINE_MODEL, download=False, prepare=True)
    assert perf.is_channels_last(prepared) and not perf.is_channels_last(plain)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in prepared.modules())
    assert not any(p.requires_grad for p in prepared.parameters())
    with torch.no_grad():
        a, b = plain(small_cat).softmax(1), prepared(small_cat).softmax(1)
    torch.testing.assert_close(b, a, rtol=1e-3, atol=1e-5)
    assert int(b.argmax()) == int(a.argmax()) == CAT_CLASS


def test_attack_follows_a_channels_last_model_and_returns_plain_tensors() -> None:
    net = _randomised(Block()).to(memory_format=torch.channels_last)
    x = torch.rand(2, 3, 16, 16)
    run = AttackRun(net, x, torch.tensor([0, 1]), PRESETS["pgd-linf"], num_classes=5)
    assert run.x.is_contiguous(memory_format=torch.channels_last)
    assert run.delta.is_contiguous(memory_format=torch.channels_last)
    result = run.run()
    assert result.x.is_contiguous() and result.delta.is_contiguous()
    plain = AttackRun(
        net, x, torch.tensor([0, 1]), PRESETS["pgd-linf"], num_classes=5, channels_last=False
    )
    assert plain.x.is_contiguous()
    torch.testing.assert_close(plain.run().delta, result.delta, rtol=0, atol=1e-6)


def test_unknown_mixed_precision_is_a_settings_error() -> None:
    net = _randomised(Block())
    with pytest.raises(SettingsError, match="mixed precision"):
        AttackRun(net, torch.rand(1, 3, 8, 8), torch.tensor([0]), AttackSettings(), amp="fp8")


@pytest.mark.parametrize("amp", ["bf16", "fp16"])
def test_amp_runs_the_model_in_half_precision_and_keeps_delta_float32(amp: str) -> None:
    net = _randomised(Block())
    seen: list[torch.dtype] = []
    net.conv2.register_forward_hook(lambda m, i, o: seen.append(o.dtype))
    settings = AttackSettings(eps=8 / 255, step_size=2 / 255, steps=2)
    result = AttackRun(
        net, torch.rand(1, 3, 16, 16), torch.tensor([0]), settings, num_classes=5, amp=amp
    ).run()
    assert set(seen) == {perf_dtype(amp)}
    assert result.delta.dtype == torch.float32
    assert float(result.delta.abs().max()) > 0  # the gradient survived the half precision
    assert all(isinstance(v, float) for v in result.final.loss)


def perf_dtype(amp: str) -> torch.dtype:
    from advgui.core.attacks.engine import AMP_DTYPES

    return AMP_DTYPES[amp]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("amp", ["bf16", "fp16"])
def test_amp_on_cuda_still_fools_the_offline_model(offline_model, small_cat, amp: str) -> None:
    import copy

    model = copy.deepcopy(offline_model).to("cuda")
    settings = PRESETS["pgd-linf"].replace(eps=4 / 255, step_size=1 / 255, steps=10)
    result = AttackRun(model, small_cat, torch.tensor([CAT_CLASS]), settings, amp=amp).run()
    assert result.success == (True,)
    assert float(result.delta.abs().max()) <= settings.eps + 1e-6


def test_releasing_cpu_threads_keeps_torch_working_on_every_thread() -> None:
    import sys
    import threading

    x = torch.arange(1_000_000)  # int64: the sums below are exact
    expected = int(x.sum())
    released = perf.release_cpu_threads()
    assert isinstance(released, bool)
    if sys.platform.startswith("linux") and "OpenMP" in torch.__config__.parallel_info():
        assert released  # torch's own libgomp is loaded and has omp_pause_resource_all
    assert int((x * 2).sum()) == 2 * expected  # the pool comes back on this thread
    got = []
    t = threading.Thread(target=lambda: got.append(int((x * 3).sum())))
    t.start()
    t.join()
    assert got == [3 * expected]
