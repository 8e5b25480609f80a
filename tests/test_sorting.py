"""The orders of codegen.generate.sorting are the ones ruff wants: checked by running ruff."""

from __future__ import annotations

import keyword
import random
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.generate.sorting import all_order, by_module, import_names, module_order, natcmp


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("evil2", "evil10"),
        ("evil1", "evil1a"),
        ("evil1a", "evil2"),
        ("evil02", "evil1"),  # a run starting with 0 is compared digit by digit (strnatcmp)
        ("evil01", "evil1"),
        ("evil9", "evil10a"),
        ("a", "a1"),
        ("A", "a"),
        ("a2x", "a_2"),
    ],
)
def test_natural_order(a: str, b: str) -> None:
    assert natcmp(a, b) == -1 and natcmp(b, a) == 1 and natcmp(a, a) == 0


def test_examples() -> None:
    names = ["evil10", "Evil2", "EVIL10", "evil2", "EVIL2", "evil1a", "_evil", "E"]
    assert import_names(names) == [
        "EVIL2",
        "EVIL10",
        "E",
        "Evil2",
        "_evil",
        "evil1a",
        "evil2",
        "evil10",
    ]
    assert module_order(["evil10", "evil2", "evil_2", "evil1a"]) == [
        "evil1a",
        "evil2",
        "evil10",
        "evil_2",
    ]
    assert all_order(["evilA", "evil_2", "evila", "evil10", "evil2"]) == [
        "evil2",
        "evil10",
        "evilA",
        "evil_2",
        "evila",
    ]
    assert by_module([("b10", 1), ("b2", 2)], lambda item: item[0]) == [("b2", 2), ("b10", 1)]  # fmt: skip


def _name(rng: random.Random) -> str:
    while True:
        name = rng.choice("aAeEb_") + "".join(
            rng.choice("aAeE_0129b") for _ in range(rng.randint(0, 6))
        )
        if name.isidentifier() and not keyword.iskeyword(name):
            return name


def test_ruff_accepts_the_orders_of_random_names(tmp_path: Path) -> None:
    """Names of digits, cases and underscores ordered by these functions, as imports, relative
    imports and ``__all__``: ``ruff check --select I,RUF022`` finds nothing to sort."""
    rng = random.Random(7)
    for number in range(20):
        names = [_name(rng) for _ in range(120)]
        members = "".join(f"    {n},\n" for n in import_names(names))
        modules = "".join(f"    from .{m} import Q{i}\n" for i, m in enumerate(module_order(names)))
        exports = "".join(f'    "{n}",\n' for n in all_order(names))
        (tmp_path / f"m{number}.py").write_text(
            "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n\n"
            f"from x import (\n{members})\n\nif TYPE_CHECKING:\n{modules}\n"
            f"__all__ = [\n{exports}]\n"
        )
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "I,RUF022", "."],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
