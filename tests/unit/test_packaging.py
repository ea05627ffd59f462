"""The wheel ships every package of the app (a missing one only fails on the installed copy)."""

import tomllib

from tests.conftest import ROOT


def test_every_python_package_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "assistant").rglob("__init__.py")}
    assert found - listed == set()
