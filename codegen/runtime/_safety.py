"""What may be sent where: the checks on ``base_url``, paths, origins, tokens and header
values, and the masking of secrets out of every message and error body.

* ``base_url`` must be https (plain http only for localhost, 127.0.0.1 and ::1), without a
  query, fragment or credentials.
* A request goes only to the origin (scheme, host, port) of ``base_url``.
* A path with a ``.`` or ``..`` segment (``%2e`` too), which URL normalisation would send to
  another path, possibly outside ``base_url``, is refused.
* A token is a non-empty str of visible ASCII; a bad one raises ``TokenError`` without
  echoing it.
"""

from __future__ import annotations

import json as jsonlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from ._errors import TokenError

__all__ = [
    "Origin",
    "checked_base_url",
    "checked_header_values",
    "checked_path",
    "checked_token",
    "mask",
    "origin",
    "safe_url",
]

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# A path segment a URL parser or server resolves away: '.' or '..', its dots percent-encoded
# or not, between slashes or backslashes (which some servers read as slashes)
_DOT_SEGMENT = re.compile(r"(?:^|[/\\])(?:\.|%2e){1,2}(?=$|[/\\?#;])", re.IGNORECASE)
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+", re.ASCII)
_HEADER_VALUE = re.compile(r"[\x20-\x7e]*", re.ASCII)
Origin = tuple[str, str, int | None]


def checked_base_url(base_url: str) -> httpx.URL:
    """``base_url`` (trailing slashes removed) if requests may be sent below it; ValueError
    otherwise."""
    url = httpx.URL(base_url.rstrip("/"))
    if url.scheme not in ("https", "http") or not url.host:
        raise ValueError(
            f"base_url must be an absolute https URL, got {base_url!r}",
        )
    if url.scheme == "http" and url.host not in LOCAL_HOSTS:
        raise ValueError("base_url must use https (plain http only for localhost)")
    if url.query or url.fragment or url.userinfo:
        raise ValueError("base_url must not carry a query, fragment or credentials")
    return url


def checked_path(path: str) -> str:
    """``path`` if it is relative to base_url and stays below it; ValueError otherwise."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(
            f"path must be relative to base_url and start with '/': {path!r}",
        )
    if _DOT_SEGMENT.search(path):
        # the URL would be resolved to another path, possibly outside base_url
        raise ValueError(f"path must not have a '.' or '..' segment: {path!r}")
    return path


def checked_header_values(headers: Mapping[str, str]) -> None:
    """ValueError unless every value is printable ASCII (no CR/LF: no injected header)."""
    for name, value in headers.items():
        if not isinstance(value, str) or _HEADER_VALUE.fullmatch(value) is None:
            raise ValueError(
                f"header {name[:60]!r}: the value must be printable ASCII",
            )


def origin(url: httpx.URL) -> Origin:
    """(scheme, host, port) with the scheme's default port filled in."""
    default = {"https": 443, "http": 80}.get(url.scheme)
    return (url.scheme, url.host, url.port or default)


def checked_token(value: object) -> str:
    """``value`` if it can be sent as a bearer token; TokenError (not echoing it) otherwise."""
    if not isinstance(value, str):
        raise TokenError(f"a token must be a str, got {type(value).__name__}")
    if not value:
        raise TokenError("the token is empty")
    if _TOKEN_CHARS.fullmatch(value) is None:
        index = next(i for i, c in enumerate(value) if not 0x21 <= ord(c) <= 0x7E)
        raise TokenError(
            f"the token has a whitespace, control or non-ASCII character at index {index} of"
            f" {len(value)} (a trailing newline from reading a file?); the token is not shown"
        )
    return value


def mask(value: Any, secrets: Sequence[str]) -> Any:
    """``value`` (str or JSON data) with every secret replaced by ``***``."""
    secrets = [s for s in secrets if s]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, "***")
        return value
    if value is None or isinstance(value, bytes):
        return value
    try:
        text = jsonlib.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return None
    escaped = [jsonlib.dumps(s)[1:-1] for s in secrets]
    if not any(s in text for s in escaped):
        return value
    for secret in escaped:
        text = text.replace(secret, "***")
    return jsonlib.loads(text)


def safe_url(url: httpx.URL) -> str:
    """The URL for messages: without a query (it may carry skip tokens)."""
    return str(url.copy_with(query=None))
