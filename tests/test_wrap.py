"""Long generated lines are split the way black keeps them, so black formats in one pass."""

from __future__ import annotations

import ast
import io
import tokenize

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.generate.format import MODE
from codegen.generate.naming import py_str
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


# Statements black splits in their own ways, as the templates render them (lines from the
# whole-beta package); each is checked inside a module of its own.
STATEMENTS = [
    ("", "from .device_management_troubleshooting_event import DeviceManagementTroubleshootingEvent"),
    ("", "class AccessReviewInstanceDecisionItemServicePrincipalTarget(AccessReviewInstanceDecisionItemTarget):"),
    ("    ", "def delegated_permission_classifications(self) -> DelegatedPermissionClassificationsRequestBuilder:"),
    ("        ", "from .delegated_permission_classifications import DelegatedPermissionClassificationsRequestBuilder"),
    ("        ", "if self.enterprise_cloud_print_mopria_discovery_resource_identifier is not UNSET:"),
    ("        ", "if self.tenant_lockdown_require_network_during_out_of_box_experience_x is not UNSET:"),
    ("        ", "if self.file_vault_institutional_recovery_key_certificate_file_name is not UNSET:"),
    ("    ", ") -> Iterator[models.AndroidDeviceOwnerDerivedCredentialAuthenticationConfiguration]:"),
    ("    ", ") -> models.WindowsDefenderApplicationControlSupplementalPolicyDeploymentStatus | None:"),
    ("        ", "body: models.WindowsDefenderApplicationControlSupplementalPolicyAssignment | Mapping[str, Any],"),
    ("        ", "body: models.ManagedDeviceMobileAppConfigurationDeviceSummary | Mapping[str, Any],"),
    ("    ", "local_security_options_administrator_elevation_prompt_behavior: models.LocalSecurityOptionsAdministratorElevationPromptBehaviorType | None | Unset = UNSET"),
    ("        ", 'self.cache_server_foreground_download_fallback_to_http_delay_in_seconds = decode_int32(get("cacheServerForegroundDownloadFallbackToHttpDelayInSeconds", UNSET))'),
    ("    ", 'AZURE_AD_JOINED_USING_DEVICE_AUTH_WITH_AUTOPILOT_PROFILE = "azureADJoinedUsingDeviceAuthWithAutopilotProfile"'),
    ("    ", 'FIELD_WIRES: ClassVar[tuple[tuple[str, str], ...]] = (("token_id", "tokenId"),)'),
    ("    ", 'FIELD_WIRES: ClassVar[tuple[tuple[str, str], ...]] = (("a_very_long_property_name_here", "aVeryLongPropertyNameHere"),)'),
    ("            ", '{"androidManagedStoreAppConfigurationSchemaId": android_managed_store_app_configuration_schema_id},'),
    ("        ", "participant_mixer_levels: builtins.list[models.ParticipantMixerLevel] | None | Unset = UNSET,"),
]  # fmt: skip


def _statement_module(indent: str, text: str) -> str:
    """``text`` where its kind of statement lives, at ``indent``, as a whole module."""
    if text.startswith(") -> "):
        return f"class C:\n    def f(\n        self,\n{indent}{text}\n        pass\n"
    if text.startswith("body: ") or text.endswith(" = UNSET,"):  # a parameter of a method
        return (
            f"class C:\n    def f(\n        self,\n{indent}{text}\n    ) -> None:\n        pass\n"
        )
    if text.startswith("{"):
        return f"class C:\n    def f(self) -> None:\n        x = g(\n            1,\n{indent}{text}\n        )\n"
    body = f"\n{indent}    pass\n" if text.endswith(":") else "\n"
    if indent == "":
        return f"{text}{body}"
    if indent == "    ":
        return f"class C:\n{indent}{text}{body}"
    return f"class C:\n    def f(self) -> None:\n{indent}{text}{body}"


@pytest.mark.parametrize(("indent", "line"), STATEMENTS)
def test_long_statements_come_out_as_black_leaves_them(indent: str, line: str) -> None:
    assert len(indent + line) > WIDTH or "token_id" in line
    module = _statement_module(indent, wrap(line, indent))
    assert black.format_str(module, mode=MODE) == module


# --- docs strings inside the lines -----------------------------------------------------------
# Docs text reaches wrapped lines as string literals (wire names, enum values, @odata.type,
# paths). Pieces that look like the syntax wrap splits at: brackets, commas, ``=``, ``|``,
# ``:``, `` is not ``, quotes and escapes, comments.
PIECES = [
    *"ab ,()[]{}\"'#\\:=|-.",
    " is not ", " = ", ": ", " | ", ") -> ", ", ", "),", '\\"', "\\'", "'''", '"""', "# x",
    "é", "日本", "\n", "\x00", "\u200b",
]  # fmt: skip
DOCS_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
PAD = "x" * 30  # makes every shape long enough to wrap
# (indent, shape) of each kind of line the templates wrap that holds a docs string; an element
# (ending with a comma) lives inside a call. The builder's path argument is not black-stable
# when it wraps (black splits at its `+` first): it is only checked to be the same code.
SHAPES = [
    ("        ", "self.{p}_name = decode_datetime(get({a}, get({b}, UNSET)))"),
    ("        ", "self.{p} = non_null(decode_x(get({a}, UNSET), models.Y.from_dict))"),
    ("        ", "value = get({a}, get({b}, UNSET))"),
    ("            ", "value = non_null(decode_list(value, models.{p}.from_dict, {a}))"),
    ("            ", "out[{a}] = encode_list(self.{p}, {b})"),
    ("            ", "out[{a}] = self.{p}"),
    ("    ", "ODATA_TYPE: ClassVar[str] = {a}"),
    ("            ", "({a}, {b}),"),
    ("    ", "FIELD_WIRES: ClassVar[tuple[tuple[str, str], ...]] = (({a}, {b}),)"),
    ("    ", "ALIASES: ClassVar[tuple[str, ...]] = ({a}, {b})"),
    ("    ", "ALIASES: ClassVar[tuple[str, ...]] = ({a},)"),
    ("    ", "MEMBER_{p} = {a}"),
    ("        ", "path = self._path + {a}"),
    ("        ", "return X{p}RequestBuilder(self._transport, self._path + {a})"),
    ("            ", "{{{a}: {p}, {b}: other}},"),
    ("            ", "self._path + expand_path({a}, {{{b}: {p}}}),"),
]
BLACK_UNSTABLE = {"self._path + expand_path({a}, {{{b}: {p}}}),"}


def _shape_module(indent: str, line: str) -> str:
    if line.endswith(","):
        return f"class C:\n    def f(self) -> None:\n        g(\n{indent}{line}\n        )\n"
    return _module(indent, line)


def _literals(text: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [t.string for t in tokens if t.type == tokenize.STRING]


@pytest.mark.parametrize(("indent", "shape"), SHAPES)
@settings(max_examples=60, deadline=None)
@given(
    st.one_of(DOCS_TEXT.map(py_str), DOCS_TEXT.map(repr)),
    st.one_of(DOCS_TEXT.map(py_str), DOCS_TEXT.map(repr)),
)
def test_docs_strings_are_never_split(indent: str, shape: str, a: str, b: str) -> None:
    """For any docs text in any shape: the wrapped line is valid Python, the same code (ast)
    as the line, every literal comes out whole, and black leaves it as is where the shape is
    one black keeps, the wrapped lines fit (a literal too long for any line makes black split
    elsewhere) and literals are as py_str writes them (black may change a repr's quotes)."""
    line = shape.format(p=PAD, a=a, b=b)
    wrapped = wrap(line, indent)
    module = _shape_module(indent, wrapped)
    assert ast.dump(ast.parse(module)) == ast.dump(ast.parse(_shape_module(indent, line)))
    assert _literals(module) == _literals(line)
    fits = all(len(text) <= WIDTH for text in module.splitlines())  # else black splits further
    as_py_str = all(s == py_str(ast.literal_eval(s)) for s in (a, b))
    if fits and as_py_str and shape not in BLACK_UNSTABLE:
        assert black.format_str(module, mode=MODE) == module


@pytest.mark.parametrize(
    ("indent", "line"),
    [  # wrap used to split these inside a string literal
        ("            ", 'out["aaaaa is not  is not  is not  = "] = self.' + "x" * 30),
        (
            "    ",
            'FIELD_WIRES: ClassVar[tuple[tuple[str, str], ...]] = (("", "aaa is not  is not \\\\"),)',
        ),
        (
            "    ",
            'ALIASES: ClassVar[tuple[str, ...]] = ("", "aaaaaaaaaaa\\"\\\\ is not  = \'\'\'\\n) -> \\x00")',
        ),
        ("        ", "self." + "x" * 40 + ' = get("a, (b", get("c) = [d", UNSET))'),
        ("    ", 'MEMBER = "' + "a # b, (c) " * 7 + '"'),
    ],
)
def test_lines_once_split_inside_a_literal(indent: str, line: str) -> None:
    assert len(indent + line) > WIDTH
    module = _shape_module(indent, wrap(line, indent))
    assert ast.dump(ast.parse(module)) == ast.dump(ast.parse(_shape_module(indent, line)))
    assert black.format_str(module, mode=MODE) == module


def test_lines_wrap_cannot_read_are_left_to_black() -> None:
    comment = "value = function_name(argument_one, argument_two)  # a comment, (with brackets)"
    assert wrap(comment, "            ") == comment
    hidden = 'x = f("\ue000' + "a" * 90 + '")'  # the private-use characters literals hide behind
    assert wrap(hidden, "    ") == hidden
