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
]  # fmt: skip


def _statement_module(indent: str, text: str) -> str:
    """``text`` where its kind of statement lives, at ``indent``, as a whole module."""
    if text.startswith(") -> "):
        return f"class C:\n    def f(\n        self,\n{indent}{text}\n        pass\n"
    if text.startswith("body: "):
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
