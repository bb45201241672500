"""A spin box that shows a pixel-scale value in a chosen unit (e.g. 1/255)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from advgui.gui.widgets.fields import FloatSpin


@dataclass(frozen=True)
class Unit:
    """How a value in [0, 1] pixel units is shown: ``shown = value * scale``."""

    scale: float
    suffix: str
    decimals: int
    minimum: float  # in shown units
    maximum: float
    step: float


PER_255 = Unit(255.0, " /255", 2, 0.01, 255.0, 0.5)
PER_255_FINE = Unit(255.0, " /255", 3, 0.001, 255.0, 0.1)
L2_RADIUS = Unit(1.0, "", 3, 0.001, 100.0, 0.1)
PLAIN = Unit(1.0, "", 4, 0.0001, 100.0, 0.01)


class UnitSpin(FloatSpin):
    """``pixel_value()`` is what the core needs; the box shows it in ``unit``."""

    def __init__(self, unit: Unit = PLAIN, parent: QWidget | None = None, **props: object) -> None:
        super().__init__(parent, **props)
        self._unit = unit
        self.setKeyboardTracking(False)
        self._apply(unit)

    def _apply(self, unit: Unit) -> None:
        self._unit = unit
        self.setDecimals(unit.decimals)
        self.setRange(unit.minimum, unit.maximum)
        self.setSingleStep(unit.step)
        self.setSuffix(unit.suffix)

    def unit(self) -> Unit:
        return self._unit

    def set_unit(self, unit: Unit, pixel_value: float | None = None) -> None:
        """Switch units, keeping the pixel value (or setting ``pixel_value``)."""
        value = self.pixel_value() if pixel_value is None else pixel_value
        self.blockSignals(True)
        self._apply(unit)
        self.blockSignals(False)
        self.set_pixel_value(value)

    def pixel_value(self) -> float:
        return self.value() / self._unit.scale

    def set_pixel_value(self, value: float) -> None:
        self.setValue(value * self._unit.scale)
