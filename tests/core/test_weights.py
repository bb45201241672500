"""Weights: downloads (with a fake network), safe loading, and every kind of wrong file."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import io
import os
import pickle
import random
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import torch
import torchvision
from corpus.weights import Payload

from advgui.core import models, weights
from advgui.core.errors import WeightsFileError, WeightsUnavailableError
from advgui.core.models import OFFLINE_MODEL, cache_dir, load_model, model_info

# --- a fake network ---------------------------------------------------------------------------


class FakeResponse(io.BytesIO):
    """What urlopen returns: a readable body with headers; can fail part way."""

    def __init__(self, data: bytes, *, length: int | None = -1, fail_after: int | None = None):
        super().__init__(data)
        size = len(data) if length == -1 else length
        self.headers = {} if size is None else {"Content-Length": str(size)}
        self.fail_after = fail_after

    def read(self, n: int = -1) -> bytes:
        if self.fail_after is not None and self.tell() >= self.fail_after:
            raise ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
        return super().read(n)


class FakeNetwork:
    """Replaces urllib.request.urlopen; records the URLs asked for."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.urls: list[str] = []

    def __call__(self, url, timeout=None):
        self.urls.append(url)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer()


@pytest.fixture
def network(monkeypatch):
    """``network(answer)`` installs a fake urlopen: a response factory or an exception."""

    def install(answer) -> FakeNetwork:
        fake = FakeNetwork(answer)
        monkeypatch.setattr(urllib.request, "urlopen", fake)
        return fake

    return install


@pytest.fixture
def torch_home(tmp_path, monkeypatch) -> Path:
    """An empty weights cache for one test."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    return tmp_path / "torch" / "hub" / "checkpoints"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _one_line_naming(exc: BaseException, path: Path | str) -> str:
    message = str(exc)
    assert "\n" not in message, message
    assert str(path) in message, message
    return message


# --- download -------------------------------------------------------------------------------

BLOB = os.urandom(300_000)  # several 64 KiB chunks


def _junk(n: int, seed: int = 0) -> bytes:
    """Repeatable random bytes that do not begin like a pickle (0x80) or a zip (PK)."""
    data = random.Random(seed).randbytes(n)
    return b"\x00" + data[1:] if data[:1] in (b"\x80", b"P") else data


def test_download_reports_progress_and_writes_atomically(tmp_path, network):
    dest = tmp_path / "cache" / f"tiny-{_sha(BLOB)[:8]}.pth"
    fake = network(lambda: FakeResponse(BLOB))
    calls = []

    def progress(done, total):
        # The final name appears only once the file is complete.
        assert not dest.exists()
        calls.append((done, total))

    assert weights.download("https://example.org/w.pth", dest, progress=progress) == dest
    assert fake.urls == ["https://example.org/w.pth"]
    assert dest.read_bytes() == BLOB
    assert list(dest.parent.iterdir()) == [dest]  # no .part file left
    dones = [d for d, _ in calls]
    assert len(calls) >= 4 and dones == sorted(set(dones))
    assert dones[-1] == len(BLOB)
    assert {t for _, t in calls} == {len(BLOB)}


def test_download_without_content_length_reports_total_zero(tmp_path, network):
    dest = tmp_path / "w.pth"
    network(lambda: FakeResponse(BLOB, length=None))
    calls = []
    weights.download("https://example.org/w.pth", dest, progress=lambda d, t: calls.append(t))
    assert set(calls) == {0}
    assert dest.read_bytes() == BLOB


def _assert_refused_and_clean(folder: Path, exc: BaseException, name: str) -> str:
    assert isinstance(exc, WeightsUnavailableError) and exc.exit_code == 3
    message = str(exc)
    assert "\n" not in message and name in message
    assert not any(p.name.endswith(".part") for p in folder.iterdir())
    return message


def test_download_with_wrong_checksum_is_refused_and_leaves_nothing(tmp_path, network):
    dest = tmp_path / "tiny-deadbeef.pth"
    network(lambda: FakeResponse(BLOB))
    with pytest.raises(WeightsUnavailableError) as info:
        weights.download("https://example.org/w.pth", dest)
    assert "checksum" in _assert_refused_and_clean(tmp_path, info.value, dest.name)
    assert list(tmp_path.iterdir()) == []


def test_download_cut_short_is_refused_and_leaves_nothing(tmp_path, network):
    dest = tmp_path / "w.pth"
    network(lambda: FakeResponse(BLOB, length=len(BLOB) * 2))
    with pytest.raises(WeightsUnavailableError) as info:
        weights.download("https://example.org/w.pth", dest)
    message = _assert_refused_and_clean(tmp_path, info.value, dest.name)
    assert f"stopped after {len(BLOB)} of {2 * len(BLOB)} bytes" in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "failure",
    [
        urllib.error.URLError("[Errno -3] Temporary failure in name resolution"),
        urllib.error.HTTPError("https://example.org/w.pth", 404, "Not Found", {}, None),
        TimeoutError("timed out"),
        ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
    ],
    ids=["dns", "http404", "timeout", "refused"],
)
def test_network_errors_name_the_file_the_cache_and_the_way_out(tmp_path, network, failure):
    dest = tmp_path / "cache" / "resnet18-f37072fd.pth"
    network(failure)
    with pytest.raises(WeightsUnavailableError) as info:
        weights.download("https://example.org/resnet18-f37072fd.pth", dest)
    message = _assert_refused_and_clean(dest.parent, info.value, dest.name)
    assert str(dest.parent) in message
    assert "--weights" in message and OFFLINE_MODEL in message
    assert not dest.exists()


def test_connection_lost_mid_download_leaves_nothing(tmp_path, network):
    dest = tmp_path / "w.pth"
    network(lambda: FakeResponse(BLOB, fail_after=100_000))
    with pytest.raises(WeightsUnavailableError) as info:
        weights.download("https://example.org/w.pth", dest)
    assert "the connection was cut off" in _assert_refused_and_clean(
        tmp_path, info.value, dest.name
    )
    assert list(tmp_path.iterdir()) == []


def test_failed_download_keeps_an_existing_file(tmp_path, network):
    dest = tmp_path / "w.pth"
    dest.write_bytes(b"previous")
    network(lambda: FakeResponse(BLOB, fail_after=70_000))
    with pytest.raises(WeightsUnavailableError):
        weights.download("https://example.org/w.pth", dest)
    assert dest.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [dest]


def test_disk_full_during_download_leaves_nothing(tmp_path, network, monkeypatch):
    dest = tmp_path / "w.pth"
    network(lambda: FakeResponse(BLOB))
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, f) -> None:
            self.f = f
            self.written = 0

        def write(self, b: bytes) -> int:
            if self.written + len(b) > 100_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(b)
            return self.f.write(b)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.f.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(WeightsUnavailableError) as info:
        weights.download("https://example.org/w.pth", dest)
    assert "No space left" in _assert_refused_and_clean(tmp_path, info.value, dest.name)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_cache_is_a_clear_error(tmp_path, network):
    blocker = tmp_path / "hub"
    blocker.write_text("a file where the cache folder should be")
    fake = network(lambda: FakeResponse(BLOB))
    with pytest.raises(WeightsUnavailableError, match="cannot write to the weights cache"):
        weights.download("https://example.org/w.pth", blocker / "checkpoints" / "w.pth")
    assert fake.urls == []


def test_no_url_is_the_missing_file_error(tmp_path):
    with pytest.raises(WeightsUnavailableError, match="not on disk and cannot be downloaded"):
        weights.download(None, tmp_path / "w.pth")


# --- load_model and the cache ------------------------------------------------------------------


@pytest.fixture(scope="module")
def r18_state() -> dict[str, torch.Tensor]:
    """Random-weight ResNet18 weights (no download: torchvision builds it locally)."""
    torch.manual_seed(0)
    return torchvision.models.get_model("resnet18", weights=None).state_dict()


@pytest.fixture(scope="module")
def r18_files(r18_state, tmp_path_factory) -> dict[str, Path]:
    """The same weights as .pth, .safetensors and a nested, DataParallel-style .pth."""
    from safetensors.torch import save_file

    folder = tmp_path_factory.mktemp("r18")
    files = {"pth": folder / "r18.pth", "safetensors": folder / "r18.safetensors"}
    torch.save(r18_state, files["pth"])
    save_file(r18_state, str(files["safetensors"]))
    files["upper"] = folder / "R18.SafeTensors"
    files["upper"].write_bytes(files["safetensors"].read_bytes())
    files["nested"] = folder / "r18_nested.pth"
    torch.save({"state_dict": {f"module.{k}": v for k, v in r18_state.items()}}, files["nested"])
    return files


def _reference_logits(state, x: torch.Tensor) -> torch.Tensor:
    net = torchvision.models.get_model("resnet18", weights=None)
    net.load_state_dict(state)
    net.eval()
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    with torch.no_grad():
        return net((x - mean) / std)


@pytest.mark.parametrize("kind", ["pth", "safetensors", "upper", "nested"])
def test_local_weights_file_loads(kind, r18_files, r18_state, network):
    fake = network(AssertionError("a local file must not touch the network"))
    model = load_model("resnet18", weights_file=r18_files[kind])
    assert fake.urls == []
    assert model.name == "resnet18" and model.weights_source == str(r18_files[kind])
    assert not model.training and not any(p.requires_grad for p in model.parameters())
    x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        got = model(x)
    torch.testing.assert_close(got, _reference_logits(r18_state, x), rtol=1e-3, atol=1e-4)


def test_offline_with_no_download_names_file_cache_and_way_out(torch_home, network):
    fake = network(AssertionError("download=False must not touch the network"))
    with pytest.raises(WeightsUnavailableError) as info:
        load_model("resnet18", download=False)
    assert fake.urls == []
    message = _one_line_naming(info.value, torch_home)
    assert model_info("resnet18").filename in message
    assert "--weights" in message
    assert info.value.exit_code == 3


def test_load_model_with_the_network_down(torch_home, network):
    network(urllib.error.URLError("[Errno 101] Network is unreachable"))
    with pytest.raises(WeightsUnavailableError) as info:
        load_model("resnet18")
    message = _one_line_naming(info.value, torch_home)
    assert model_info("resnet18").filename in message and "--weights" in message
    assert not any(torch_home.iterdir())


def test_downloaded_file_that_is_not_the_published_one_is_refused(torch_home, network, r18_files):
    # Random ResNet18 weights do not hash to torchvision's f37072fd.
    network(lambda: FakeResponse(r18_files["pth"].read_bytes()))
    with pytest.raises(WeightsUnavailableError, match="checksum"):
        load_model("resnet18")
    assert not any(torch_home.iterdir())


def test_load_model_downloads_into_the_cache(torch_home, network, r18_files, monkeypatch):
    # Serve our own file under a name whose hash matches it, through the real load path.
    data = r18_files["pth"].read_bytes()
    info = dataclasses.replace(
        model_info("resnet18"), url=f"https://example.org/resnet18-{_sha(data)[:8]}.pth"
    )
    monkeypatch.setattr(models, "model_info", lambda name: info)
    fake = network(lambda: FakeResponse(data))
    seen = []
    model = load_model("resnet18", progress=lambda d, t: seen.append((d, t)))
    assert fake.urls == [info.url]
    assert seen[-1] == (len(data), len(data))
    assert info.weights_path.parent == torch_home
    assert sorted(torch_home.iterdir()) == [info.weights_path]
    assert model.weights_source == str(info.weights_path)
    # Loaded once, the file is used from the cache: no second download.
    load_model("resnet18")
    assert len(fake.urls) == 1


def test_corrupt_file_in_the_cache_says_delete_and_download_again(torch_home, r18_files):
    path = torch_home / model_info("resnet18").filename
    torch_home.mkdir(parents=True)
    path.write_bytes(r18_files["pth"].read_bytes()[:50_000])
    with pytest.raises(WeightsFileError) as info:
        load_model("resnet18")
    message = _one_line_naming(info.value, path)
    assert "delete it and download again" in message


# --- wrong files ---------------------------------------------------------------------------


def _refused(path: Path, model: str = "resnet18") -> str:
    with pytest.raises(WeightsFileError) as info:
        load_model(model, weights_file=path)
    assert info.value.exit_code == 3
    return _one_line_naming(info.value, path)


@pytest.mark.parametrize("how", ["pickle-protocol-2", "pickle-protocol-5", "torch-save"])
def test_malicious_pickle_is_refused_and_its_code_does_not_run(tmp_path, how):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    if how == "torch-save":
        torch.save({"fc.weight": torch.zeros(2), "x": Payload(marker)}, path)
    else:
        path.write_bytes(pickle.dumps(Payload(marker), protocol=int(how[-1])))
    assert not marker.exists()
    message = _refused(path)
    assert "refused" in message
    assert not marker.exists()


def test_full_pickled_module_is_refused(tmp_path):
    path = tmp_path / "model.pth"
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 2)), path)
    assert "refused" in _refused(path)


def test_wrong_architecture(r18_files):
    message = _refused(r18_files["pth"], "resnet34")
    assert "different architecture than resnet34" in message
    message = _refused(r18_files["safetensors"], OFFLINE_MODEL)
    assert f"different architecture than {OFFLINE_MODEL}" in message


def test_wrong_class_count(tmp_path):
    path = tmp_path / "r18_10.pth"
    net = torchvision.models.get_model("resnet18", weights=None, num_classes=10)
    torch.save(net.state_dict(), path)
    message = _refused(path)
    assert "fc.weight has shape [10, 512] but resnet18 needs [1000, 512]" in message
    assert "different number of classes" in message


def _damaged(r18_files, tmp_path, kind: str) -> Path:
    good = r18_files["pth"].read_bytes()
    path = tmp_path / f"{kind}.pth"
    if kind == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif kind == "corrupt-header":
        path.write_bytes(_junk(512) + good[512:])
    elif kind == "random":
        path.write_bytes(_junk(20_000))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("these are not weights\n" * 50)
    elif kind == "html":
        path.write_text("<!DOCTYPE html><html><body>Rate limit exceeded</body></html>")
    elif kind == "zip":
        import zipfile

        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "hello")
    return path


@pytest.mark.parametrize(
    "kind", ["truncated", "corrupt-header", "random", "empty", "text", "html", "zip"]
)
def test_damaged_or_foreign_files_are_not_readable_weights(r18_files, tmp_path, kind):
    path = _damaged(r18_files, tmp_path, kind)
    message = _refused(path)
    assert "not a readable weights file" in message
    assert "choose a weights file for this model" in message
    # Junk is junk: it is not reported as code that was refused.
    assert "refused" not in message


@pytest.mark.parametrize("kind", ["truncated", "random", "empty", "text"])
def test_damaged_safetensors(r18_files, tmp_path, kind):
    good = r18_files["safetensors"].read_bytes()
    path = tmp_path / f"{kind}.safetensors"
    path.write_bytes(
        {
            "truncated": good[: len(good) // 2],
            "random": _junk(20_000),
            "empty": b"",
            "text": b"not weights at all" * 20,
        }[kind]
    )
    assert "not a readable weights file" in _refused(path)


def test_state_dict_with_non_tensor_entries(tmp_path):
    path = tmp_path / "odd.pth"
    torch.save({"fc.weight": torch.zeros(1000, 512), "epoch": 3}, path)
    assert "'epoch' is not a tensor" in _refused(path)
    path2 = tmp_path / "empty_dict.pth"
    torch.save({}, path2)
    assert "holds no state dict" in _refused(path2)
    path3 = tmp_path / "tensor.pth"
    torch.save(torch.zeros(3), path3)
    assert "holds no state dict" in _refused(path3)


def test_missing_or_folder_weights_file(tmp_path):
    assert "no such weights file" in _refused(tmp_path / "nope.pth")
    assert "no such weights file" in _refused(tmp_path)


def test_nothing_is_written_next_to_a_refused_file(tmp_path, r18_files):
    path = _damaged(r18_files, tmp_path, "truncated")
    before = sorted(tmp_path.iterdir())
    _refused(path)
    assert sorted(tmp_path.iterdir()) == before
    assert list(cache_dir().glob("*")) == [] if cache_dir().exists() else True
