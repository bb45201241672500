"""Fixtures for the core tests: small inputs that keep attack tests fast."""

from __future__ import annotations

import pytest
import torch

from ._support import CAT_CLASS, ESPRESSO_CLASS, SMALL


@pytest.fixture(scope="session")
def small_cat(cat_image) -> torch.Tensor:
    """The cat sample, centre-cropped to 1 x 3 x 128 x 128 (do not modify in place)."""
    from advgui.core.imaging import preprocess

    return preprocess(cat_image, SMALL, center_crop=True)


@pytest.fixture(scope="session")
def small_espresso(espresso_image) -> torch.Tensor:
    """The espresso sample, centre-cropped to 1 x 3 x 128 x 128 (do not modify in place)."""
    from advgui.core.imaging import preprocess

    return preprocess(espresso_image, SMALL, center_crop=True)


@pytest.fixture(scope="session")
def cat_label() -> torch.Tensor:
    return torch.tensor([CAT_CLASS])


@pytest.fixture(scope="session")
def espresso_label() -> torch.Tensor:
    return torch.tensor([ESPRESSO_CLASS])
