"""Attack ▸ Precision and CPU threads: what is chosen reaches the engine, and is kept."""

from __future__ import annotations

import pytest

from .window_support import fast_models

__all__ = ["fast_models"]  # fixture

pytestmark = pytest.mark.usefixtures("fast_models")


def test_precision_and_threads_reach_the_engine_and_are_remembered(
    make_window, qtbot, quick, run_and_wait
):
    window = make_window()
    assert window.actions.precision["auto"].isChecked()
    assert window.actions.threads[0].isChecked()
    window.actions.precision["bf16"].trigger()
    window.actions.threads[1].trigger()
    assert (window.state.precision, window.state.threads) == ("bf16", 1)
    assert run_and_wait(window, quick(2)) == "done"
    result = window.state.result
    assert result.precision == "bf16" and result.threads == 1
    assert {r.precision for r in result.history} == {"bf16"}
    window.close()

    again = make_window()
    assert again.actions.precision["bf16"].isChecked() and again.actions.threads[1].isChecked()
    again.actions.threads[0].trigger()  # automatic: torch's own count on the worker
    assert again.state.threads is None
    assert run_and_wait(again, quick(1)) == "done"
    assert again.state.result.threads >= 1


def test_fp16_on_the_cpu_is_refused_with_a_clear_message(make_window, qtbot, quick):
    window = make_window()
    window.actions.precision["fp16"].trigger()
    window.form.set_settings(quick(2))
    with qtbot.waitSignal(window.run_finished, timeout=30_000) as blocker:
        assert window.run_attack()
    assert blocker.args == ["failed"]
    assert window.last_error == "fp16 needs a GPU; on the CPU choose bf16 or fp32"
    assert window.is_ready()
