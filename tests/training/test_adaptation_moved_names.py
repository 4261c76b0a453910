"""Names that moved from training.adaptation to training.adaptation_pool still import from the
old module, with a DeprecationWarning that names the new place."""

from __future__ import annotations

import pytest

from neurolift.training import adaptation, adaptation_pool


@pytest.mark.parametrize("name", adaptation_pool.__all__)
def test_moved_name_warns_and_is_the_same_object(name: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"adaptation_pool.{name}"):
        old = getattr(adaptation, name)
    assert old is getattr(adaptation_pool, name)


def test_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        adaptation.no_such_name  # noqa: B018
