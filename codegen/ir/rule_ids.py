"""Ids of the diagnostics the parser and the resolver report (``Diagnostic.rule``).

Lint reports them under its own rule ids (``codegen/lint/catalog.py``), mapping by family:
``json-*`` repairs are ``json-repaired``, ``http-*`` are ``http-block-malformed``, and so on.
"""

from __future__ import annotations

ANNOTATION_PREFIX = "annotation-"  # annotation-<json repair> for a repaired annotation comment
FRONT_MATTER_UNCLOSED = "front-matter-unclosed"
FRONT_MATTER_INVALID = "front-matter-invalid"
FRONT_MATTER_REFUSED = "front-matter-refused"  # YAML aliases/anchors, or nesting too deep
COMMENT_UNCLOSED = "comment-unclosed"
CODE_FENCE_UNCLOSED = "code-fence-unclosed"
ENCODING_INVALID = "encoding-invalid"
ANNOTATION_INVALID = "annotation-invalid"
ANNOTATION_UNKNOWN_BLOCK_TYPE = "annotation-unknown-block-type"
BASE_TYPE_MISMATCH = "base-type-mismatch"
HTTP_UNRECOGNISED = "http-unrecognised"
HTTP_REQUEST_LINE_SPACING = "http-request-line-spacing"
HTTP_URL_WRAPPED = "http-url-wrapped"
HTTP_BLANK_BEFORE_HEADERS = "http-blank-before-headers"
HTTP_BAD_HEADER = "http-bad-header"
JSON_INVALID = "json-invalid"
JSON_NBSP = "json-nbsp"
JSON_FRAGMENT = "json-fragment"
JSON_COMMENT = "json-comment"
JSON_SINGLE_QUOTE = "json-single-quote"
JSON_EXTRA_COMMA = "json-extra-comma"
JSON_CONTROL_CHAR = "json-control-char"
JSON_TRAILING_COMMA = "json-trailing-comma"
JSON_MISSING_COMMA = "json-missing-comma"
JSON_TRUNCATION = "json-truncation"
TYPE_DUPLICATE = "type-duplicate"
OPERATION_NOT_INFERRED = "operation-not-inferred"
