"""graph-docs-codegen: Microsoft Graph reference docs -> typed model -> Python package."""

__version__ = "0.2.0"
