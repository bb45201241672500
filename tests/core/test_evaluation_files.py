"""The evaluation's files and inputs, without a model: ids, shards, labels, results.jsonl."""

from __future__ import annotations

import json

import pytest

from advgui.core.errors import SettingsError
from advgui.core.evaluation import inputs
from advgui.core.evaluation.results import ResultsFile, read_rows
from advgui.core.evaluation.summary import summarize
from advgui.core.models import imagenet_categories


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "photos"
    for rel in ("a.png", "b.JPG", "sub/c.webp", "sub/d.png", "sub/.hidden.png", "sub/e.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"x")
    (root / "loop").symlink_to(root, target_is_directory=True)  # never followed
    return root


def test_ids_name_the_folder_then_the_path_inside_it(tree, tmp_path):
    lone = tmp_path / "lone.png"
    lone.write_bytes(b"x")
    items = inputs.collect([tree, lone, tree / "a.png"])
    ids = [i.id for i in items]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert "photos/sub/c.webp" in ids and lone.as_posix() in ids
    assert not any("loop" in i for i in ids)
    images = [i.id for i in items if i.is_image]
    assert images == sorted(
        ["photos/a.png", "photos/b.JPG", "photos/sub/c.webp", "photos/sub/d.png", lone.as_posix()]
    )
    # given twice (in the folder, then by itself): once, under the id it was found first
    assert (tree / "a.png").as_posix() not in ids


def test_a_missing_input_is_one_line(tmp_path):
    with pytest.raises(SettingsError, match="no such file or folder"):
        inputs.collect([tmp_path / "nope"])


def test_shards_share_the_images_and_count_the_rest_once(tree):
    items = inputs.collect([tree])
    shards = [inputs.shard(items, k, 3) for k in range(3)]
    images = [[i.id for i in s if i.is_image] for s in shards]
    assert sorted(sum(images, [])) == sorted(i.id for i in items if i.is_image)
    assert max(map(len, images)) - min(map(len, images)) <= 1
    others = [[i.id for i in s if not i.is_image] for s in shards]
    assert others[0] == sorted(i.id for i in items if not i.is_image) and others[1:] == [[], []]


@pytest.mark.parametrize("text", ["2/2", "-1/2", "1", "a/b", "0/0"])
def test_bad_shards_are_refused(text):
    with pytest.raises(SettingsError, match="K"):
        inputs.parse_shard(text)


def test_folder_names_that_are_classes():
    cats = imagenet_categories()
    assert inputs.folder_class("285", cats) == 285
    assert inputs.folder_class("Egyptian_cat", cats) == 285
    assert inputs.folder_class("egyptian-cat", cats) == 285
    assert inputs.folder_class("cats", cats) is None  # no guessing
    assert inputs.folder_class("1000", cats) is None and inputs.folder_class(None, cats) is None


def test_labels_csv_by_id_path_or_unique_name(tmp_path, tree):
    cats = imagenet_categories()
    csv = tmp_path / "labels.csv"
    csv.write_text(
        "file,class\n"
        "photos/a.png,285\n"  # by id
        "sub/c.webp,espresso\n"  # by its path inside the folder
        "d.png,goldfish\n"  # by its bare name
        "# a comment\n"
    )
    labels = inputs.Labels.read(csv, cats)
    items = {i.id: i for i in inputs.collect([tree])}
    repeated = inputs.repeated_names(items.values())
    assert labels.lookup(items["photos/a.png"], repeated) == 285
    assert labels.lookup(items["photos/sub/c.webp"], repeated) == 967
    assert labels.lookup(items["photos/sub/d.png"], repeated) == 1
    assert labels.lookup(items["photos/b.JPG"], repeated) is None
    assert labels.lookup(items["photos/sub/d.png"], {"d.png"}) is None  # two images share it


@pytest.mark.parametrize(
    "text,message",
    [("a.png\n", "line 1: need file,class"), ("a.png,no such class\n", "line 1: no ImageNet")],
)
def test_bad_labels_files_say_the_line(tmp_path, text, message):
    csv = tmp_path / "labels.csv"
    csv.write_text(text)
    with pytest.raises(SettingsError, match=message):
        inputs.Labels.read(csv, imagenet_categories())


def _row(file, eps, fooled, correct=True):
    return {
        "file": file,
        "model": "m",
        "attack": "pgd",
        "norm": "linf",
        "eps": eps,
        "eps_text": f"{eps:g}",
        "correct": correct,
        "fooled": fooled if correct else None,
        "label": 1,
    }


def test_a_cut_off_last_line_is_dropped_and_cut_before_appending(tmp_path):
    path = tmp_path / "results.jsonl"
    rows = [_row("a", 0.1, False), _row("a", 0.2, True)]
    path.write_text(json.dumps(rows[0]) + "\n" + json.dumps(rows[1])[:20])  # killed mid-line
    assert read_rows(path) == rows[:1]
    ResultsFile(path).append([rows[1]])
    assert read_rows(path) == rows
    assert path.read_text().count("\n") == 2


def test_a_damaged_line_before_the_end_is_an_error(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text('{"file": "a"}\nnot json\n{"file": "b"}\n')
    with pytest.raises(SettingsError, match="line 2: not a result row"):
        read_rows(path)


def test_the_worst_case_over_attacks_and_radii(tmp_path):
    """Fooled at a small eps counts at every larger one; fooled by any attack counts."""
    rows = [
        _row("a", 0.1, True),
        _row("a", 0.2, False),  # this attack missed at 0.2: the 0.1 perturbation still fools
        _row("b", 0.1, False),
        _row("b", 0.2, False),
        {**_row("b", 0.2, True), "attack": "square"},  # another attack finds one
        _row("c", 0.1, False, correct=False),
        _row("c", 0.2, False, correct=False),
    ]
    s = summarize(rows)
    assert s["eps"] == [0.1, 0.2] and s["images"] == 3 and s["attacks"] == ["pgd", "square"]
    assert s["clean_accuracy"] == pytest.approx(2 / 3)
    assert s["robust_accuracy"] == [pytest.approx(1 / 3), 0.0]
    assert s["attack_success_rate"] == [0.5, 1.0]


def test_summaries_refuse_to_mix_models():
    rows = [_row("a", 0.1, True), {**_row("b", 0.1, True), "model": "other"}]
    with pytest.raises(SettingsError, match="mix models"):
        summarize(rows)
