"""Attack settings: every impossible value is refused with a clear one-line message."""

from __future__ import annotations

import json
import math

import pytest

from advgui.core.errors import AdvguiError, SettingsError
from advgui.core.settings import (
    MAX_L2_EPS,
    PRESET_HELP,
    PRESETS,
    Attack,
    AttackSettings,
    Loss,
    Norm,
    parse_number,
    preset,
)

BAD = [
    # (changes, words the message must contain)
    ({"eps": 0}, "eps must be a positive number"),
    ({"eps": -2 / 255}, "eps must be a positive number"),
    ({"eps": math.nan}, "eps must be a positive number"),
    ({"eps": math.inf}, "eps must be a positive number"),
    ({"eps": "0.01"}, "eps must be a positive number"),
    ({"eps": None}, "pgd needs eps; only the minimal-norm attacks"),
    ({"attack": "fmn", "candidates": 1}, "candidate classes must be a whole number from 2"),
    ({"attack": "deepfool", "overshoot": -0.1}, "overshoot must be in [0, 1]"),
    ({"attack": "square", "p_init": 0}, "initial square fraction must be in (0, 1]"),
    ({"keep_best": 1}, "keep best must be true or false"),
    ({"eps": True}, "eps must be a positive number"),
    ({"eps": 8}, "above 1"),
    ({"eps": 1.5}, "write it as a fraction such as 8/255"),
    ({"norm": "l2", "eps": 128}, "not in 1/255 units"),
    ({"norm": "l2", "eps": MAX_L2_EPS * 1.01}, "too large"),
    ({"step_size": 0}, "step size must be a positive number"),
    ({"step_size": -0.1}, "step size must be a positive number"),
    ({"step_size": math.nan}, "step size must be a positive number"),
    ({"step_size": math.inf}, "step size must be a positive number"),
    ({"step_size": "big"}, "step size must be a positive number"),
    ({"step_size": False}, "step size must be a positive number"),
    ({"steps": 0}, "steps must be a whole number of at least 1"),
    ({"steps": -5}, "steps must be a whole number of at least 1"),
    ({"steps": 2.5}, "steps must be a whole number"),
    ({"steps": 3.0}, "steps must be a whole number"),
    ({"steps": "10"}, "steps must be a whole number"),
    ({"steps": True}, "steps must be a whole number"),
    ({"steps": math.nan}, "steps must be a whole number"),
    ({"steps": 10**9}, "at most 100000"),
    ({"target": -1}, "target must be a class index"),
    ({"target": 4.0}, "target must be a class index"),
    ({"target": "airliner"}, "target must be a class index"),
    ({"target": True}, "target must be a class index"),
    ({"decay": -0.5}, "momentum decay must be in [0, 10]"),
    ({"decay": math.nan}, "momentum decay must be in [0, 10]"),
    ({"decay": 11}, "momentum decay must be in [0, 10]"),
    ({"decay": "high"}, "momentum decay must be in [0, 10]"),
    ({"decay": None}, "momentum decay must be in [0, 10]"),
    ({"seed": -1}, "seed must be a non-negative whole number"),
    ({"seed": 1.5}, "seed must be a non-negative whole number"),
    ({"seed": "42"}, "seed must be a non-negative whole number"),
    ({"attack": "cw"}, "unknown attack 'cw'; choose one of: sgd, adam, fgsm, pgd"),
    ({"attack": None}, "unknown attack"),
    ({"attack": "PGD"}, "unknown attack"),
    ({"loss": "hinge"}, "unknown loss 'hinge'; choose one of: ce, margin"),
    ({"norm": "l1"}, "unknown norm 'l1'; choose one of: linf, l2"),
    ({"norm": 2}, "unknown norm"),
    ({"eot_jpeg": 0}, "the JPEG quality to survive must be a whole number from 1 to 100"),
    ({"eot_jpeg": 101}, "the JPEG quality to survive must be a whole number from 1 to 100"),
    ({"eot_jpeg": 75.0}, "the JPEG quality to survive must be a whole number"),
    ({"eot_jpeg": "75"}, "the JPEG quality to survive must be a whole number"),
    ({"eot_jpeg": True}, "the JPEG quality to survive must be a whole number"),
]


@pytest.mark.parametrize("changes,words", BAD, ids=[repr(c) for c, _ in BAD])
def test_bad_values_are_refused_with_a_clear_message(changes, words):
    with pytest.raises(SettingsError) as info:
        AttackSettings(**changes)
    message = str(info.value)
    assert words in message
    assert "\n" not in message and len(message) < 200
    assert info.value.exit_code == 2
    # replace() validates too, so a valid object can never become an invalid one.
    with pytest.raises(SettingsError):
        PRESETS["pgd-linf"].replace(**changes)


def test_good_values_are_accepted_and_enums_are_normalised():
    s = AttackSettings(attack="mifgsm", loss="margin", norm="l2", eps=3, step_size=0.2, steps=1)
    assert s.attack is Attack.MIFGSM and s.loss is Loss.MARGIN and s.norm is Norm.L2
    assert AttackSettings(eps=1).eps == 1  # the whole range, allowed for L-inf
    assert AttackSettings(target=0).targeted
    assert not AttackSettings().targeted
    assert AttackSettings(attack="adam").uses_optimizer
    assert not AttackSettings(attack="pgd").uses_optimizer


def test_fgsm_always_makes_one_step():
    assert AttackSettings(attack="fgsm", steps=50).effective_steps == 1
    assert AttackSettings(attack="pgd", steps=50).effective_steps == 50


def test_settings_are_frozen():
    s = AttackSettings()
    with pytest.raises(AttributeError):
        s.eps = 1.0  # type: ignore[misc]


@pytest.mark.parametrize("name", list(PRESETS))
def test_round_trip_through_json(name):
    s = PRESETS[name]
    d = json.loads(json.dumps(s.to_dict()))
    assert d["goal"] == ("targeted" if s.targeted else "untargeted")
    assert d["attack"] == s.attack.value
    assert AttackSettings.from_dict(d) == s


def test_from_dict_validates_and_ignores_unknown_keys():
    d = PRESETS["fgsm"].to_dict() | {"comment": "from an older version"}
    assert AttackSettings.from_dict(d) == PRESETS["fgsm"]
    with pytest.raises(SettingsError, match="steps"):
        AttackSettings.from_dict(d | {"steps": 0})
    with pytest.raises(SettingsError, match="unknown norm"):
        AttackSettings.from_dict(d | {"norm": "l0"})


def test_from_dict_with_no_data_gives_defaults():
    assert AttackSettings.from_dict({}) == AttackSettings()


def test_the_jpeg_to_survive_round_trips_and_defaults_to_none():
    assert AttackSettings().eot_jpeg is None
    for quality in (1, 75, 100):
        s = PRESETS["square-linf"].replace(eot_jpeg=quality)
        d = json.loads(json.dumps(s.to_dict()))
        assert d["eot_jpeg"] == quality
        assert AttackSettings.from_dict(d) == s
    older = {k: v for k, v in PRESETS["fgsm"].to_dict().items() if k != "eot_jpeg"}
    assert AttackSettings.from_dict(older).eot_jpeg is None


def test_tutorial_presets_are_the_tutorials_recipes():
    u, t = PRESETS["tutorial-untargeted"], PRESETS["tutorial-targeted"]
    common = {"attack": Attack.SGD, "loss": Loss.CE, "norm": Norm.LINF, "eps": 2 / 255}
    assert u == AttackSettings(**common, step_size=0.1, steps=30)
    assert t == AttackSettings(**common, step_size=5e-3, steps=100, target=404)


def test_every_preset_has_help_and_preset_lookup_works():
    assert set(PRESET_HELP) == set(PRESETS)
    assert {"fgsm", "pgd-linf", "pgd-l2", "mifgsm", "cw-margin-pgd"} <= set(PRESETS)
    assert preset("pgd-l2") is PRESETS["pgd-l2"]
    with pytest.raises(SettingsError, match="unknown preset 'pgd3'; choose one of: tutorial"):
        preset("pgd3")


@pytest.mark.parametrize(
    "text,value",
    [
        ("2/255", 2 / 255),
        (" 8 / 255 ", 8 / 255),
        ("0.01", 0.01),
        ("1e-3", 1e-3),
        ("3", 3.0),
        ("-2/255", -2 / 255),  # a number; the settings refuse it as eps
        (0.5, 0.5),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    "text", ["", " ", "two", "2/", "/255", "2/0", "1/2/3", "2//255", "nan", "inf", "-inf", "1/nan"]
)
def test_parse_number_refuses_bad_text(text):
    with pytest.raises(SettingsError) as info:
        parse_number(text)
    assert isinstance(info.value, AdvguiError)
    assert "\n" not in str(info.value)
    assert "number" in str(info.value)
