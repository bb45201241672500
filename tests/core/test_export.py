"""Saving a run: three files written atomically, an honest report on the 8-bit PNG, and
faults (read-only folder, disk full, a folder that vanishes, a failed rename) that leave
the folder exactly as it was.

We run as root, so ``chmod`` cannot make a folder read-only for us; the faults
(``corpus.faults``) are simulated by patching the file-system calls that write into the
target folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from corpus.faults import FAULTS, record_writes, snapshot

from advgui.core.attacks import AttackRun
from advgui.core.attacks.quantize import refine_on_grid, snap_to_grid
from advgui.core.errors import SaveError
from advgui.core.export import (
    DELTA_ARRAY,
    NAMES,
    SIDECAR,
    decode_png,
    evaluate_saved,
    existing_outputs,
    file_names,
    save_results,
    split_file_name,
    write_saved,
)
from advgui.core.imaging import amplify_delta, from_pil, load_image, preprocess, to_uint8
from advgui.core.predict import probabilities
from advgui.core.settings import AttackSettings

from ._support import CAT_CLASS, ESPRESSO_CLASS, SMALL

#: A run that fools the model in float but whose delta is below half a grey level, so
#: rounding to 8 bits gives back the clean image: PGD with steps of 0.1/255, stopped as
#: soon as the top-1 changes (measured: after one step on the 128 x 128 cat).
BOUNDARY = AttackSettings(attack="pgd", eps=2 / 255, step_size=0.1 / 255, steps=4, early_stop=True)


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text
    return text


@pytest.fixture(scope="module")
def short_result(offline_model, small_cat, cat_label):
    settings = AttackSettings(attack="pgd", eps=2 / 255, step_size=1 / 255, steps=2)
    return AttackRun(offline_model, small_cat, cat_label, settings).run()


@pytest.fixture(scope="module")
def boundary_result(offline_model, small_cat, cat_label):
    result = AttackRun(offline_model, small_cat, cat_label, BOUNDARY).run()
    # The premise of the quantize tests: fooled in float, undone by rounding.
    assert result.success == (True,)
    assert result.delta.abs().max().item() < 0.5 / 255
    assert torch.equal(result.adversarial.mul(255).round().div(255), result.x)
    return result


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A folder holding a previous run's three files (recognisable bytes)."""
    folder = tmp_path / "previous"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_bytes(f"previous {name}\n".encode())
    return folder


# ---------------------------------------------------------------- the files themselves


def test_save_writes_three_files_that_match_the_report(offline_model, short_result, tmp_path):
    report = save_results(offline_model, short_result, tmp_path, source="cat.png")

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)  # no temporaries
    assert [p.name for p in report.paths] == list(NAMES)
    adv = load_image(tmp_path / "adversarial.png")
    assert adv.size == (SMALL, SMALL)
    # The PNG is the adversarial image rounded to the nearest grey level, losslessly.
    assert np.array_equal(np.asarray(adv), to_uint8(short_result.adversarial))
    delta_png = np.asarray(load_image(tmp_path / "delta.png"))
    saved_delta = from_pil(adv) - short_result.x
    assert np.array_equal(delta_png, to_uint8(amplify_delta(saved_delta, 50.0)))

    # Re-reading the PNG as a user would gives what the report says about it.
    probs = probabilities(
        offline_model, preprocess(load_image(tmp_path / "adversarial.png"), SMALL)
    )
    side = report.report["images"][0]["saved_png"]
    top5 = probs[0].topk(5)
    assert [g["index"] for g in side["top5"]] == top5.indices.tolist()
    assert [g["prob"] for g in side["top5"]] == pytest.approx(top5.values.tolist(), abs=1e-5)
    fooled = int(probs.argmax()) != CAT_CLASS
    assert report.saved_success == (fooled,) and side["still_adversarial"] is fooled
    assert side["linf_from_input"] == pytest.approx(saved_delta.abs().max().item(), abs=1e-6)
    assert report.report["source_image"] == "cat.png"
    assert report.message and "\n" not in report.message


def test_saved_files_get_ordinary_permissions(offline_model, short_result, tmp_path):
    """A temporary file is private (0600); the renamed result must not stay that way."""
    mask = os.umask(0o022)
    try:
        save_results(offline_model, short_result, tmp_path)
    finally:
        os.umask(mask)
    for name in NAMES:
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name


def test_a_batch_gets_numbered_images_and_one_sidecar(
    offline_model, small_cat, small_espresso, tmp_path
):
    x = torch.cat([small_cat, small_espresso])
    labels = torch.tensor([CAT_CLASS, ESPRESSO_CLASS])
    result = AttackRun(offline_model, x, labels, AttackSettings(attack="fgsm", eps=2 / 255)).run()
    report = save_results(offline_model, result, tmp_path)

    expected = {"adversarial-0.png", "adversarial-1.png", "delta-0.png", "delta-1.png"}
    expected |= {DELTA_ARRAY, SIDECAR}
    assert {p.name for p in tmp_path.iterdir()} == expected
    assert {p.name for p in existing_outputs(tmp_path, 2)} == expected
    assert existing_outputs(tmp_path, 1) == [tmp_path / DELTA_ARRAY, tmp_path / SIDECAR]
    batch = np.load(tmp_path / DELTA_ARRAY, allow_pickle=False)
    assert batch.dtype == np.float32 and batch.shape == tuple(result.delta.shape)
    assert np.array_equal(batch, result.delta.numpy())
    images = report.report["images"]
    assert [im["true_class"] for im in images] == [CAT_CLASS, ESPRESSO_CLASS]
    assert images[1]["files"] == {"adversarial": "adversarial-1.png", "delta": "delta-1.png"}
    assert len(report.saved_success) == 2


# ---------------------------------------------------------------- evaluating apart from writing


def test_evaluating_touches_no_file(offline_model, short_result, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with monkeypatch.context() as mp:
        attempts = record_writes(mp)
        evaluation = evaluate_saved(offline_model, short_result, quantize=True, source="cat.png")
    assert attempts == [] and list(tmp_path.iterdir()) == []
    assert list(evaluation.files) == list(NAMES)
    assert json.loads(evaluation.files[SIDECAR]) == json.loads(json.dumps(evaluation.report))
    assert evaluation.report["source_image"] == "cat.png"
    assert evaluation.message and "\n" not in evaluation.message


def test_the_evaluation_judges_the_png_bytes_it_encoded(offline_model, short_result):
    evaluation = evaluate_saved(offline_model, short_result)
    png = decode_png(evaluation.files["adversarial.png"])
    assert np.array_equal(np.asarray(png), to_uint8(short_result.adversarial))
    probs = probabilities(offline_model, preprocess(png, SMALL))
    fooled = int(probs.argmax()) != CAT_CLASS
    assert evaluation.saved_success == (fooled,)
    assert [g.index for g in evaluation.saved_top5[0]] == probs[0].topk(5).indices.tolist()


def test_decode_png_reads_as_load_image_does(offline_model, short_result, tmp_path):
    evaluation = evaluate_saved(offline_model, short_result)
    for name in ("adversarial.png", "delta.png"):
        (tmp_path / name).write_bytes(evaluation.files[name])
        from_disk, from_memory = load_image(tmp_path / name), decode_png(evaluation.files[name])
        assert from_memory.mode == from_disk.mode == "RGB"
        assert np.array_equal(np.asarray(from_memory), np.asarray(from_disk))


def _without_timestamp(data: bytes) -> dict:
    report = json.loads(data)
    report.pop("created")  # seconds resolution: two saves may straddle a second
    return report


@pytest.mark.parametrize("quantize", [False, True], ids=["rounded", "quantized"])
def test_evaluate_then_write_gives_the_files_save_results_gives(
    offline_model, boundary_result, tmp_path, quantize
):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    report = save_results(offline_model, boundary_result, one, quantize=quantize, amplify=20)
    evaluation = evaluate_saved(offline_model, boundary_result, quantize=quantize, amplify=20)
    paths = write_saved(evaluation, two)

    assert paths == [two / name for name in NAMES]
    assert [p.name for p in report.paths] == list(NAMES)
    written, saved = snapshot(two), snapshot(one)
    assert written == evaluation.files  # exactly the evaluated bytes, nothing else
    assert sorted(saved) == sorted(written)
    for name in NAMES[:2]:
        assert saved[name] == written[name], name
    assert _without_timestamp(saved[SIDECAR]) == _without_timestamp(written[SIDECAR])
    assert report.saved_success == evaluation.saved_success
    assert report.message == evaluation.message


def test_write_saved_refuses_existing_files_and_writes_nothing(
    offline_model, short_result, existing
):
    evaluation = evaluate_saved(offline_model, short_result)
    before = snapshot(existing)
    with pytest.raises(SaveError, match="already exist"):
        write_saved(evaluation, existing)
    assert snapshot(existing) == before
    write_saved(evaluation, existing, force=True)
    assert snapshot(existing) == evaluation.files


class Unused(torch.nn.Module):
    """A model that fails the test if it is ever run."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise AssertionError("evaluated for a folder that cannot be saved into")


def test_save_results_checks_the_folder_before_evaluating(offline_model, short_result, tmp_path):
    model = Unused(offline_model)
    with pytest.raises(SaveError, match="no such folder"):
        save_results(model, short_result, tmp_path / "nope")
    (tmp_path / SIDECAR).write_bytes(b"keep")
    with pytest.raises(SaveError, match="already exist"):
        save_results(model, short_result, tmp_path)


# ---------------------------------------------------------------- existing files


@pytest.mark.parametrize("present", [NAMES, (SIDECAR,)], ids=["all", "sidecar-only"])
def test_existing_files_are_refused_and_untouched(offline_model, short_result, tmp_path, present):
    for name in present:
        (tmp_path / name).write_bytes(b"keep me")
    before = snapshot(tmp_path)
    with pytest.raises(SaveError) as err:
        save_results(offline_model, short_result, tmp_path)
    msg = one_line(err.value)
    assert all(name in msg for name in present) and "overwrite" in msg
    assert snapshot(tmp_path) == before


def test_force_replaces_every_file(offline_model, short_result, existing):
    save_results(offline_model, short_result, existing, force=True)
    assert sorted(p.name for p in existing.iterdir()) == sorted(NAMES)
    for name in NAMES:
        assert not (existing / name).read_bytes().startswith(b"previous")
    assert load_image(existing / "adversarial.png").size == (SMALL, SMALL)


@pytest.mark.parametrize("kind", ["missing", "a-file"])
def test_a_folder_that_is_not_there_is_an_error(offline_model, short_result, tmp_path, kind):
    target = tmp_path / "nope"
    if kind == "a-file":
        target.write_bytes(b"x")
    with pytest.raises(SaveError, match="no such folder"):
        save_results(offline_model, short_result, target)
    assert [p.name for p in tmp_path.iterdir()] == (["nope"] if kind == "a-file" else [])


# ---------------------------------------------------------------- faults while saving


@pytest.mark.parametrize("force", [False, True], ids=["empty-folder", "force-over-previous"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_leaves_the_folder_as_it_was(
    offline_model, short_result, tmp_path, monkeypatch, fault, force
):
    folder = tmp_path / "out"
    folder.mkdir()
    if force:
        for name in NAMES:
            (folder / name).write_bytes(f"previous {name}\n".encode())
    before = snapshot(folder)
    with monkeypatch.context() as mp:
        reason = FAULTS[fault](mp, folder)
        with pytest.raises(SaveError) as err:
            save_results(offline_model, short_result, folder, force=force)
    msg = one_line(err.value)
    assert str(folder) in msg and reason in msg
    if fault.startswith("vanishes"):
        assert not folder.exists()  # not recreated, nothing written elsewhere
        assert list(tmp_path.iterdir()) == []
    else:
        assert snapshot(folder) == before  # no temporaries; previous files intact


# ---------------------------------------------------------------- 8-bit honesty, quantize


def test_rounding_that_undoes_the_attack_is_reported(offline_model, boundary_result, tmp_path):
    saved = save_results(offline_model, boundary_result, tmp_path)
    assert saved.saved_success == (False,)
    assert "rounding to 8 bits undid the attack" in saved.message and "quantize" in saved.message
    image = saved.report["images"][0]
    assert image["success"] is True and image["saved_png"]["still_adversarial"] is False
    assert image["saved_png"]["top5"][0]["index"] == CAT_CLASS
    assert saved.report["quantize"] == {"enabled": False, "extra_steps": 0}
    # The PNG really is the clean image.
    assert torch.equal(from_pil(load_image(tmp_path / "adversarial.png")), boundary_result.x)


def test_quantize_makes_the_saved_png_itself_adversarial(offline_model, boundary_result, tmp_path):
    saved = save_results(offline_model, boundary_result, tmp_path, quantize=True)
    assert saved.saved_success == (True,)
    assert "still fools" in saved.message
    png = from_pil(load_image(tmp_path / "adversarial.png"))
    assert probabilities(offline_model, png).argmax().item() != CAT_CLASS
    # Still inside the attack's budget, and (being a PNG) on the 8-bit grid.
    assert png.sub(boundary_result.x).abs().max().item() <= BOUNDARY.eps + 1e-6
    q = saved.report["quantize"]
    assert q["enabled"] is True and q["extra_steps"] >= 1
    assert saved.report["images"][0]["saved_png"]["still_adversarial"] is True


def test_refine_on_grid_stays_on_the_grid_and_in_the_ball(offline_model, boundary_result):
    r = boundary_result
    xq, extra = refine_on_grid(offline_model, r.x, r.delta, r.labels, r.settings)
    assert 1 <= extra <= 50
    assert torch.equal(xq.mul(255).round().div(255), xq)
    assert xq.sub(r.x).abs().max().item() <= r.settings.eps + 1e-6
    assert xq.min() >= 0 and xq.max() <= 1
    assert probabilities(offline_model, xq).argmax().item() != CAT_CLASS


def test_snap_to_grid_keeps_linf_inside_the_ball():
    x = torch.tensor([[[[0.0, 10 / 255, 1.0]]]]).expand(1, 3, 1, 3)
    delta = torch.tensor([[[[-0.1, 2.6 / 255, 0.1]]]]).expand(1, 3, 1, 3)
    settings = AttackSettings(attack="pgd", eps=2 / 255)
    snapped = snap_to_grid(x, delta, settings)
    assert snapped.mul(255).round().tolist() == snapped.mul(255).tolist()
    assert snapped[0, 0, 0].mul(255).round().tolist() == [0, 12, 255]


def test_the_exact_delta_is_saved_and_reproduces_the_reported_numbers(
    offline_model, small_cat, cat_label, tmp_path
):
    settings = AttackSettings(attack="pgd", eps=1 / 255, step_size=0.4 / 255, steps=3)
    result = AttackRun(offline_model, small_cat, cat_label, settings).run()
    report = save_results(offline_model, result, tmp_path).report

    delta = np.load(tmp_path / DELTA_ARRAY, allow_pickle=False)
    assert delta.dtype == np.float32 and delta.shape == tuple(small_cat.shape[1:])
    assert np.array_equal(delta, result.delta[0].numpy())  # not rounded to 8 bits
    assert report["delta_array"]["file"] == DELTA_ARRAY
    assert report["delta_array"]["shape"] == list(delta.shape)
    image = report["images"][0]
    assert image["delta"]["linf"] == pytest.approx(float(np.abs(delta).max()), rel=1e-6)
    # Anyone can check the report: the clean input plus the saved delta gives its top-1.
    x_adv = (small_cat + torch.from_numpy(delta)).clamp(0, 1)
    top1 = int(probabilities(offline_model, x_adv).argmax(1))
    assert top1 == image["top5_after"][0]["index"]


# ---------------------------------------------------------------- stems, the overwrite set


def test_a_stem_names_every_file_and_the_sidecar_names_them(offline_model, short_result, tmp_path):
    report = save_results(offline_model, short_result, tmp_path, stem="cat-pgd-linf")

    expected = ["cat-pgd-linf.png", "cat-pgd-linf-delta.png", "cat-pgd-linf-delta.npy"]
    expected.append("cat-pgd-linf.json")
    assert [p.name for p in report.paths] == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)
    side = json.loads((tmp_path / "cat-pgd-linf.json").read_text())
    assert side["images"][0]["files"] == {
        "adversarial": "cat-pgd-linf.png",
        "delta": "cat-pgd-linf-delta.png",
    }
    assert side["delta_array"]["file"] == "cat-pgd-linf-delta.npy"
    assert side["images"][0]["full_resolution"] is None
    saved = np.load(tmp_path / "cat-pgd-linf-delta.npy", allow_pickle=False)
    assert np.array_equal(saved, short_result.delta[0].numpy())
    assert np.array_equal(
        np.asarray(load_image(tmp_path / "cat-pgd-linf.png")), to_uint8(short_result.adversarial)
    )


def test_without_a_stem_the_names_are_the_fixed_ones():
    assert file_names() == list(NAMES)
    assert file_names(1, None, full_resolution=True) == [
        "adversarial.png",
        "delta.png",
        "adversarial-full.png",
        DELTA_ARRAY,
        SIDECAR,
    ]
    assert file_names(2, "cat") == [
        "cat-0.png",
        "cat-0-delta.png",
        "cat-1.png",
        "cat-1-delta.png",
        "cat-delta.npy",
        "cat.json",
    ]


def test_the_overwrite_set_is_exactly_the_files_a_save_would_replace(
    offline_model, short_result, existing
):
    others = {"cat-delta.png": b"old delta", "cat.json": b"old sidecar", "dog.png": b"a dog"}
    others["cat-full.png"] = b"old full"
    for name, data in others.items():
        (existing / name).write_bytes(data)
    assert existing_outputs(existing, 1, "cat") == [
        existing / "cat-delta.png",
        existing / "cat.json",
    ]
    assert existing_outputs(existing, 1, "cat", full_resolution=True) == [
        existing / n for n in ("cat-delta.png", "cat-full.png", "cat.json")
    ]
    assert existing_outputs(existing, 1, "bird") == []
    before = snapshot(existing)
    with pytest.raises(SaveError) as err:
        save_results(offline_model, short_result, existing, stem="cat")
    assert "cat-delta.png, cat.json already exist" in one_line(err.value)
    assert snapshot(existing) == before

    save_results(offline_model, short_result, existing, stem="cat", force=True)
    after = snapshot(existing)
    assert after["cat-delta.png"] != b"old delta" and after["cat.json"] != b"old sidecar"
    unchanged = [*NAMES, "dog.png", "cat-full.png"]  # not this save's: left as they were
    assert {n: after[n] for n in unchanged} == {n: before[n] for n in unchanged}
    assert set(after) == set(before) | {"cat.png", "cat-delta.npy"}


@pytest.mark.parametrize(
    "chosen,stem",
    [
        ("out/cat.png", "cat"),
        ("out/cat.PNG", "cat"),
        ("out/cat.json", "cat"),
        ("out/cat", "cat"),
        ("out/cat.v2.png", "cat.v2"),
        ("out/new folder/cat pgd.png", "cat pgd"),
    ],
)
def test_a_chosen_file_name_gives_the_folder_and_the_stem(chosen, stem):
    folder, got = split_file_name(chosen)
    assert got == stem and folder == Path(chosen).parent


@pytest.mark.parametrize("chosen", ["out/.png", "out/.hidden.png", "out/ .png"])
def test_a_file_name_that_names_nothing_is_refused(chosen):
    with pytest.raises(SaveError) as err:
        split_file_name(chosen)
    assert "cannot name the saved files" in one_line(err.value)


def test_create_makes_the_new_folder_and_a_failed_save_removes_it(
    offline_model, short_result, tmp_path, monkeypatch
):
    new = tmp_path / "new" / "deeper"
    with monkeypatch.context() as mp:
        reason = FAULTS["disk-full-sidecar"](mp, new)
        with pytest.raises(SaveError) as err:
            save_results(offline_model, short_result, new, stem="cat", create=True)
    assert reason in one_line(err.value)
    assert list(tmp_path.iterdir()) == []  # both folders it made are gone again

    report = save_results(offline_model, short_result, new, stem="cat", create=True)
    assert sorted(p.name for p in new.iterdir()) == sorted(p.name for p in report.paths)
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"x")
    with pytest.raises(SaveError, match="is not a folder"):
        save_results(offline_model, short_result, blocker / "out", create=True)
