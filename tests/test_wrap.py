"""Long generated lines are split the way black keeps them, so black formats in one pass."""

from __future__ import annotations

import black
import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen.generate.format import MODE
from codegen.generate.wrap import WIDTH, wrap

LINES = [
    (
        "        ",
        'self.last_modified_date_time = decode_datetime(get("lastModifiedDateTime", UNSET))',
    ),
    (
        "    ",
        "template_family: models.DeviceManagementConfigurationTemplateFamily | None | Unset = UNSET",
    ),
    (
        "    ",
        "license_assignment_states: list[models.LicenseAssignmentState] | None | Unset = UNSET",
    ),
    (
        "    ",
        'ODATA_TYPE: ClassVar[str] = "#microsoft.graph.deviceManagementConfigurationPolicyTemplate"',
    ),
    (
        "            ",
        'out["externalUserStateChangeDateTime"] = self.external_user_state_change_date_time',
    ),
    (
        "        ",
        "return UsersItemManagedDevicesRequestBuilder(self._transport, self._path + path_value)",
    ),
]


def _module(indent: str, line: str) -> str:
    """The line inside a function or class body at its indent, as a whole module."""
    if indent == "    ":
        return f"class C:\n{indent}{line}\n"
    if indent == "        ":
        return f"class C:\n    def f(self) -> None:\n{indent}{line}\n"
    return f"class C:\n    def f(self) -> None:\n        if x:\n{indent}{line}\n"


@pytest.mark.parametrize(("indent", "line"), LINES)
def test_long_lines_come_out_as_black_leaves_them(indent: str, line: str) -> None:
    assert len(indent + line) > WIDTH
    wrapped = _module(indent, wrap(line, indent))
    assert black.format_str(wrapped, mode=MODE) == wrapped


def test_short_lines_and_strings_inside_are_left_alone() -> None:
    assert wrap('x = f("a, (b", c)', "    ") == 'x = f("a, (b", c)'
    long_call = (
        'value = function_name("a string with, a comma and ( a bracket", other_argument_name)'
    )
    assert wrap(long_call, "        ").splitlines()[1:3] == [
        '            "a string with, a comma and ( a bracket",',
        "            other_argument_name,",
    ]


NAMES = st.text("abcdefghij_", min_size=1, max_size=40).map(lambda s: "n" + s)


@given(NAMES, NAMES, NAMES)
def test_wrapped_calls_are_black_stable(target: str, function: str, argument: str) -> None:
    line = (
        f'self.{target} = {function}(get("{argument}", UNSET), models.{function.title()}.from_dict)'
    )
    wrapped = _module("        ", wrap(line, "        "))
    assert black.format_str(wrapped, mode=MODE) == wrapped
