"""``advgui-cli attack --transfer M1,M2``: the adversarial image shown to other models.

The models are loaded (and checked against the image's size) before the attack, so a
wrong name costs nothing; after it, each one's verdict follows the evaluation's rule
(``core.evaluation.transfer``: the image as the attacked model saw it; fooled only if
the model had the clean image right). Never imports Qt.
"""

from __future__ import annotations

from typing import Any

from advgui.core.errors import SettingsError


def load_others(text: str | None, model: Any, device: Any, x: Any) -> dict[str, Any]:
    """The models ``--transfer`` names, on ``device``; SettingsError (one line) for the
    attacked model itself or a model that cannot take ``x``'s size."""
    from advgui import cli
    from advgui.core.evaluation.transfer import input_problem
    from advgui.evaluate_cli import parse_models

    names = parse_models(text)
    if model.name in names:
        raise SettingsError(f"--transfer names the attacked model {model.name} itself")
    others = {}
    for name in names:
        net = cli._load_model(name, None).to(device)
        if problem := input_problem(net, x):
            raise SettingsError(f"--transfer {name}: {problem}")
        others[name] = net
    return others


def verdicts(others: dict[str, Any], result: Any) -> dict[str, dict[str, Any]]:
    """Each model's verdict on ``result``'s adversarial image (``transfer.show_to``)."""
    from advgui.core.evaluation.transfer import show_to

    label, target = int(result.labels[0]), result.settings.target
    return {
        m: show_to(net, result.x, result.adversarial, label, target) for m, net in others.items()
    }


def line(found: dict[str, dict[str, Any]], names: list[str], *, targeted: bool) -> str:
    """``other models: efficientnet_lite1 says 281 tabby (41.0%): not fooled; ...``."""
    parts = []
    for model, v in found.items():
        top = v["top1"]
        seen = f"{model} says {top} {names[top]} ({v['prob']:.1%})"
        if not v["correct"]:
            clean = v["clean_top1"]
            verdict = f"wrong on the clean image already ({clean} {names[clean]})"
        elif targeted:
            verdict = "target reached" if v["fooled"] else "target not reached"
        else:
            verdict = "fooled" if v["fooled"] else "not fooled"
        parts.append(f"{seen}: {verdict}")
    return "other models: " + "; ".join(parts)
