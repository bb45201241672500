"""Errors a user causes carry a sentence to translate, apart from the libraries' words.

``AdvguiError.of`` keeps the English template (marked ``QT_TRANSLATE_NOOP("Errors", ...)``
for lupdate) and its fields; Pillow's or the OS's words go in ``detail``, which ``str()``
(what the command line prints) shows in parentheses and the window leaves out.
"""

from __future__ import annotations

import ast
import io
import string
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from advgui.core.errors import ImageLoadError, SaveError, WeightsUnavailableError
from advgui.core.imaging import load_image

CORE = Path(__file__).resolve().parents[2] / "advgui" / "core"


def _refusal(path: Path) -> ImageLoadError:
    with pytest.raises(ImageLoadError) as info:
        load_image(path)
    return info.value


def test_a_truncated_png_keeps_pillows_words_out_of_the_template(tmp_path) -> None:
    rng = np.random.default_rng(0)
    data = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(data, "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(data.getvalue()[:100])

    exc = _refusal(path)

    assert exc.template == "{name}: truncated or damaged image"
    assert exc.fields == {"name": "cut.png"}
    assert exc.detail and "truncated" in exc.detail  # Pillow's "image file is truncated"
    assert exc.detail not in exc.template
    assert str(exc) == f"cut.png: truncated or damaged image ({exc.detail})"
    assert "\n" not in str(exc)


def test_a_text_file_named_png_is_told_in_advguis_words_only(tmp_path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("not an image at all\n", encoding="utf-8")

    exc = _refusal(path)

    assert exc.template.startswith("{name}: not an image, or not a supported image format")
    assert exc.detail is None  # nothing of Pillow's ("cannot identify image file")
    assert str(exc) == exc.template.format(**exc.fields)
    assert str(exc).startswith("notes.png: not an image") and "identify" not in str(exc)
    assert "\n" not in str(exc)


def test_the_os_words_of_a_failed_save_are_the_detail(tmp_path) -> None:
    from advgui.core.atomic import check_folder

    with pytest.raises(SaveError) as info:
        check_folder(tmp_path / "gone", ["x.png"])
    assert info.value.template == "{folder}: no such folder"
    assert str(info.value) == f"{tmp_path / 'gone'}: no such folder"


def test_weights_unavailable_says_the_problem_apart_from_the_command_lines_remedy(
    tmp_path,
) -> None:
    from advgui.core.weights import missing_error

    exc = missing_error("vgg16-397923af.pth", tmp_path)

    assert "--weights FILE" in str(exc)  # the command line's remedy
    assert (
        exc.problem
        == f"vgg16-397923af.pth is not in {tmp_path}, and there is no address to download it from"
    )
    assert exc.template.format(**exc.fields) == exc.problem
    assert "--weights" not in exc.problem


def test_weights_unavailable_of_without_a_message_is_its_problem() -> None:
    exc = WeightsUnavailableError.of("{name}: gone", name="w.pth", detail="disk error")
    assert str(exc) == exc.problem == "w.pth: gone (disk error)"
    assert exc.template == "{name}: gone" and exc.detail == "disk error"


# -- every marked template formats with the fields its raise site passes -----------------


def _is_mark(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "QT_TRANSLATE_NOOP"
        and len(node.args) == 2
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "Errors"
    )


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _of_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "of"
    ]


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _reads(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _linked_calls(tree: ast.Module, mark: ast.Call, parents: dict) -> list[ast.Call]:
    """The ``.of(`` calls a marked template reaches: as their first argument, or through
    the name it is assigned to: a local name in its function; a module-level name or
    table (``_FOREIGN[...]``) read by the first argument itself or by the module
    function the first argument calls (``_unsupported(f)``)."""
    calls = _of_calls(tree)
    direct = [c for c in calls if c.args and c.args[0] is mark]
    if direct:
        return direct
    node = mark
    while node in parents and not isinstance(node, ast.Assign):
        node = parents[node]
    assert isinstance(node, ast.Assign), f"{ast.unparse(mark)} is neither raised nor named"
    names = {t.id for t in node.targets if isinstance(t, ast.Name)}
    scope = node
    while scope in parents and not isinstance(scope, ast.FunctionDef):
        scope = parents[scope]
    if isinstance(scope, ast.FunctionDef):  # a local name: the function's own calls
        return [c for c in _of_calls(scope) if c.args and _reads(c.args[0], names)]
    functions = _functions(tree)
    readers = {name for name, f in functions.items() if _reads(f, names)}
    found = []
    for call in calls:
        first = call.args[0] if call.args else None
        if first is None or _is_mark(first):
            continue
        called = getattr(first.func, "id", None) if isinstance(first, ast.Call) else None
        if _reads(first, names) or called in readers:
            found.append(call)
    return found


def _marks() -> list[tuple[Path, ast.Module, ast.Call, dict]]:
    found = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {
            child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)
        }
        found += [(path, tree, n, parents) for n in ast.walk(tree) if _is_mark(n)]
    return found


def test_the_core_marks_many_error_sentences() -> None:
    files = {path.name for path, *_ in _marks()}
    assert len(_marks()) > 80
    assert {"image_file.py", "settings.py", "weights.py", "atomic.py", "classes.py"} <= files


@pytest.mark.parametrize(
    "path, tree, mark, parents",
    _marks(),
    ids=lambda v: v.args[1].value[:50] if isinstance(v, ast.Call) else "",
)
def test_each_marked_template_formats_with_its_raise_sites_fields(path, tree, mark, parents):
    text = mark.args[1]
    assert isinstance(text, ast.Constant) and isinstance(text.value, str), "a literal"
    template = text.value
    wanted = _placeholders(template)
    calls = _linked_calls(tree, mark, parents)
    assert calls, f"{path.name}: {template!r} reaches no .of( call"
    for call in calls:
        assert not any(k.arg is None for k in call.keywords), "no **fields: name each one"
        given = {k.arg for k in call.keywords} - {"detail", "message"}
        where = f"{path.name}:{call.lineno}"
        assert wanted <= given, f"{where}: {template!r} needs {wanted - given}"
        assert given <= wanted, f"{where}: {given - wanted} not in {template!r}"
        # Formatting with plain values works and leaves no brace behind.
        filled = template.format(**{name: "x" for name in wanted})
        assert "{" not in filled and "}" not in filled
