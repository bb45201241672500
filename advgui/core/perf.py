"""Making a frozen classifier cheaper to attack without changing what it computes.

``prepare(model)`` (applied by ``load_model`` unless ``prepare=False``) does two things,
each measured by ``python -m advgui.bench``:

- **Batch norm folded into the convolution before it.** In eval mode a ``BatchNorm2d``
  is a per-channel affine map, so ``bn(conv(x))`` is one convolution with rescaled
  weights and a bias. Pairs are found by tracing the network with ``torch.fx``; a batch
  norm is folded only when its sole input is the output of a convolution that nothing
  else reads. The folded batch norm becomes ``nn.Identity`` (the network keeps its class
  and its ``forward``), and the result is checked against the original on a random input;
  if tracing fails or the outputs differ, the network is left as it was. Every attack step
  then skips one pass over each activation forwards and one backwards.
- **channels_last** weights, so oneDNN (CPU) and cuDNN (GPU) convolutions run in NHWC,
  their fast layout. ``AttackRun`` lays its images out the same way.

``compile_model`` (optional, off by default) wraps the network in ``torch.compile``; its
first step pays for the compilation, which on a CPU outweighs a typical 20-100 step run.

``release_cpu_threads`` matters to programs that attack on a worker thread (the window):
see its docstring.
"""

from __future__ import annotations

import ctypes
import os
import threading

import torch
from torch import fx, nn

_CONV_BN_TOLERANCE = 1e-3
#: Side of the random image a fold is checked on: small, so the check costs milliseconds.
_CHECK_SIZE = 32
#: Held while ``torch.fx`` traces a network. A trace patches ``nn.Module.__call__`` for the
#: whole process, so a forward pass on another thread meanwhile fails ("module is not
#: installed as a submodule"); code whose forward passes may meet a model load on another
#: thread (the window's transfer check) holds it around them.
TRACING = threading.Lock()


class _ConvBnTracer(fx.Tracer):
    """Keeps every convolution and batch norm (subclasses too) as one graph node."""

    def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
        return isinstance(m, nn.Conv2d | nn.BatchNorm2d) or super().is_leaf_module(m, qualname)


def _conv_bn_pairs(net: nn.Module) -> list[tuple[str, str]]:
    """(conv name, batch norm name) for each batch norm that only rescales one convolution."""
    with TRACING:
        graph = _ConvBnTracer().trace(net)
    modules = dict(net.named_modules())
    calls: dict[str, int] = {}
    for node in graph.nodes:
        if node.op == "call_module":
            calls[node.target] = calls.get(node.target, 0) + 1
    pairs = []
    for node in graph.nodes:
        if node.op != "call_module" or type(modules.get(node.target)) is not nn.BatchNorm2d:
            continue
        src = node.args[0] if len(node.args) == 1 and not node.kwargs else None
        if not (isinstance(src, fx.Node) and src.op == "call_module"):
            continue
        if not isinstance(modules.get(src.target), nn.Conv2d) or len(src.users) != 1:
            continue
        if calls[node.target] == 1 and calls[src.target] == 1:
            pairs.append((src.target, node.target))
    return pairs


def _fold_into(conv: nn.Conv2d, bn: nn.BatchNorm2d) -> None:
    scale = bn.weight.detach() if bn.weight is not None else torch.ones_like(bn.running_mean)
    shift = bn.bias.detach() if bn.bias is not None else torch.zeros_like(bn.running_mean)
    scale = scale * torch.rsqrt(bn.running_var + bn.eps)
    bias = conv.bias.detach() if conv.bias is not None else torch.zeros_like(bn.running_mean)
    weight = conv.weight.detach() * scale.view(-1, 1, 1, 1)
    conv.weight = nn.Parameter(weight, requires_grad=False)
    conv.bias = nn.Parameter((bias - bn.running_mean) * scale + shift, requires_grad=False)


def _set(net: nn.Module, name: str, module: nn.Module) -> None:
    parent, _, attr = name.rpartition(".")
    setattr(net.get_submodule(parent) if parent else net, attr, module)


def fold_batchnorm(net: nn.Module, *, check_size: int = _CHECK_SIZE) -> int:
    """Fold eval-mode batch norms into their convolutions, in place; returns how many.

    ``net`` must be in eval mode. The folded network is compared with the original on a
    random 1 x 3 x ``check_size`` x ``check_size`` input; on any disagreement (or if
    ``torch.fx`` cannot trace it) nothing is changed and 0 is returned.
    """
    if net.training:
        return 0
    try:
        pairs = _conv_bn_pairs(net)
    except Exception:  # noqa: BLE001 - untraceable networks simply stay as they are
        return 0
    pairs = [
        (c, b)
        for c, b in pairs
        if net.get_submodule(b).track_running_stats
        and net.get_submodule(b).running_mean is not None
    ]
    if not pairs:
        return 0
    param = next(net.parameters())
    gen = torch.Generator(device="cpu").manual_seed(0)
    probe = torch.randn(1, 3, check_size, check_size, generator=gen).to(param.device, param.dtype)
    saved = {}
    try:
        with torch.no_grad():
            before = net(probe)
            for conv_name, bn_name in pairs:
                conv, bn = net.get_submodule(conv_name), net.get_submodule(bn_name)
                saved[conv_name] = (conv.weight, conv.bias)
                saved[bn_name] = bn
                _fold_into(conv, bn)
                _set(net, bn_name, nn.Identity())
            after = net(probe)
        error = float((after - before).abs().max())
        if error <= _CONV_BN_TOLERANCE * (1.0 + float(before.abs().max())):
            return len(pairs)
    except Exception:  # noqa: BLE001 - e.g. a network that rejects the small probe
        pass
    for conv_name, bn_name in pairs:  # undo: the trace misled us
        if bn_name in saved:
            conv = net.get_submodule(conv_name)
            conv.weight, conv.bias = saved[conv_name]
            _set(net, bn_name, saved[bn_name])
    return 0


def prepare(model: nn.Module, *, fold: bool = True, channels_last: bool = True) -> nn.Module:
    """Make a frozen, eval-mode classifier faster to attack, in place; returns it.

    Args:
        model: a ``Classifier`` (its ``net`` is folded) or any eval-mode module.
        fold: fold batch norms into convolutions (see ``fold_batchnorm``).
        channels_last: store 4-d weights in NHWC order.
    """
    net = getattr(model, "net", model)
    info = getattr(model, "info", None)
    if fold:
        size = info.input_size if info is not None and info.square_input else _CHECK_SIZE
        fold_batchnorm(net, check_size=size)
    if channels_last:
        model.to(memory_format=torch.channels_last)
    model.requires_grad_(False)
    return model


def is_channels_last(model: nn.Module) -> bool:
    """True when the model's first 4-d weight is stored in NHWC order."""
    for p in model.parameters():
        if p.dim() == 4:
            return p.is_contiguous(memory_format=torch.channels_last) and not p.is_contiguous()
    return False


def enable_cudnn_autotune(device: torch.device) -> None:
    """On CUDA, let cuDNN time its convolution algorithms once per input shape.

    Attacks repeat one shape for every step, so the first step's search is repaid.
    """
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True


def compile_model(model: nn.Module) -> nn.Module:
    """Wrap the network of ``model`` in ``torch.compile``, in place; returns ``model``.

    The first forward and backward compile (tens of seconds on a CPU); later ones reuse it
    as long as the input shape stays the same.
    """
    if hasattr(model, "net"):
        model.net = torch.compile(model.net)
        return model
    return torch.compile(model)


def release_cpu_threads() -> bool:
    """Let the calling thread's idle OpenMP helper threads go; True when they went.

    GNU OpenMP (torch's CPU thread pool on Linux) keeps helper threads for every thread
    that has run a parallel region, and once the process holds more of them than there
    are CPUs it stops spinning between parallel regions: every convolution then waits
    for a sleeping helper to wake. A GUI thread that has done a little torch work (such
    as preparing an image) thus slows a worker thread's attack by about 40% (ResNet50
    forward pass on 2 cores: 37 ms in the main thread, 52 ms in a worker thread, 36 ms
    once the main thread called this). Call it on the GUI thread before starting an
    attack worker; the pool comes back by itself on that thread's next parallel region.
    Does nothing (False) where torch does not use GNU OpenMP, or inside a parallel region.
    """
    try:
        lib = ctypes.CDLL("libgomp.so.1", mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
        pause = lib.omp_pause_resource_all
    except (OSError, AttributeError):  # no GNU OpenMP loaded (macOS, Windows, Intel OpenMP)
        return False
    pause.argtypes = [ctypes.c_int]
    pause.restype = ctypes.c_int
    return pause(1) == 0  # omp_pause_soft
