"""Read one markdown page into its blocks: front matter, headings, tables, fences, comments.

A single pass over the lines, recognising only the block structure the model
needs (GFM tables, fenced code, HTML comments, ATX headings).  Inline markdown is
left as raw text; the few places that need it (links in cells) read it lazily.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from codegen.ir.diagnostics import Diagnostic, Severity
from codegen.ir.rule_ids import (
    CODE_FENCE_UNCLOSED,
    COMMENT_UNCLOSED,
    FRONT_MATTER_INVALID,
    FRONT_MATTER_REFUSED,
    FRONT_MATTER_UNCLOSED,
)
from codegen.ir.source import SourceRef

# Regular expressions here run on untrusted page text: each is linear in its input (possessive
# quantifiers where two quantifiers could share characters); ATX headings are read by _heading.
_TAB_HEADING = re.compile(r"^\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")
_DELIMITER = re.compile(r"^\s*+\|?\s*+:?-++:?\s*+(?:\|\s*+:?-++:?\s*+)*+\|?\s*+$")
# neither the label nor the path of an include holds brackets (none of the 33k in the corpus
# do): each attempt stops at the next one, so a line of unclosed includes is read in one pass
_INCLUDE = re.compile(r"\[!INCLUDE\s*+\[[^\[\]]*+\]\(([^()]*+)\)\]", re.IGNORECASE)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_FENCE_INFO = re.compile(r"^\s*[A-Za-z][\w+-]*\s*$")  # a language word after the backticks
_PAGE_RESUMES = re.compile(r"^ {0,3}(?:#{2,6}\s+\S|<!--)")  # a heading or comment: markdown again
# Rule id (lint catalog) of a fence that is never closed.
# Flat front matter read without yaml: ``key: value`` lines whose value is surely a string
# (quoted without escapes, or plain text starting with a letter); see flat_front_matter.
_FLAT_LINE = re.compile(r"^([A-Za-z_][\w.-]*): +(\S.*)$")
_DOUBLE_QUOTED = re.compile(r'^"[^"\\]*"$')
_SINGLE_QUOTED = re.compile(r"^'[^']*'$")
_PLAIN_STRING = re.compile(r"^[A-Za-z][\w ,./()+'\"!?;-]*$")
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})
# libyaml's loader when PyYAML was built with it (same results, ~10x faster)
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, kw_only=True)
class Heading:
    """An ATX heading; ``path`` is the texts of it and its enclosing headings."""

    level: int
    text: str
    line: int


@dataclass(kw_only=True)
class Row:
    """One table row: raw markdown cells and the page line."""

    cells: list[str]
    line: int
    raw: str = ""  # the row's markdown (joined with its continuation lines)
    open: bool = False  # a ``|``-started row whose last cell is not closed by ``|``


@dataclass(kw_only=True)
class Table:
    """A GFM table and the heading it stands under."""

    header: list[str]
    rows: list[Row]
    line: int
    heading: Heading | None


@dataclass(kw_only=True)
class Comment:
    """An HTML comment; ``text`` is what stands between ``<!--`` and ``-->``."""

    text: str
    line: int
    heading: Heading | None


@dataclass(kw_only=True)
class Fence:
    """A fenced code block; ``line`` is its first content line."""

    lang: str
    text: str
    line: int
    fence_line: int
    heading: Heading | None
    comment: Comment | None = None  # the HTML comment right before it, if any


@dataclass(kw_only=True)
class ProseLine:
    """A line of running text (not in a table, fence or comment)."""

    text: str
    line: int
    heading: Heading | None


@dataclass(kw_only=True)
class Page:
    """Everything the model needs from one page, in page order."""

    path: str
    front_matter: dict[str, Any]
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    prose: list[ProseLine] = field(default_factory=list)
    includes: list[tuple[str, int]] = field(default_factory=list)
    tabs: list[tuple[str, int]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    front_matter_lines: dict[str, int] = field(default_factory=dict)  # key -> line

    def at(self, line: int) -> SourceRef:
        """SourceRef for a line of this page."""
        return SourceRef(file=self.path, line=line)

    def for_resolving(self) -> Page:
        """The parts resolving pages into a model reads (front matter, the opening prose, the
        fences), without those only checks of the page's layout read (tables, headings,
        comments...): what the page cache keeps for generation."""
        return Page(
            path=self.path,
            front_matter=self.front_matter,
            fences=self.fences,
            prose=self.prose[:OPENING_PROSE],
        )


# How many prose lines are a page's opening paragraphs (where "is an open type" is said).
OPENING_PROSE = 12


def split_row(line: str) -> list[str]:
    """Split a table row into stripped raw cells (escaped pipes kept)."""
    s = line.strip()
    s = s.removeprefix("|")
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip() for c in _CELL_SPLIT.split(s)]


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, else None: what
    ``^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t#]*$`` matches, in one pass (that expression takes
    time quadratic in a line holding a long run of spaces)."""
    body = line.lstrip(" ")
    if len(line) - len(body) > 3 or not body.startswith("#"):
        return None
    rest = body.lstrip("#")
    hashes = len(body) - len(rest)
    if hashes <= 6 and (not rest or rest[0] in " \t"):
        return hashes, rest.strip(" \t").rstrip(" \t#").strip()
    # "#x", "####### x": a heading only when nothing but spaces, tabs and '#' follow
    return (min(hashes, 6), "") if not rest.strip(" \t#") else None


def flat_front_matter(lines: list[str]) -> dict[str, str] | None:
    """The front matter as ``yaml.safe_load`` reads it, when every line is a flat
    ``key: string`` pair; None for anything else (lists, numbers, dates, escapes...)."""
    out: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        m = _FLAT_LINE.match(line)
        if m is None or m.group(1).lower() in _YAML_WORDS:
            return None
        value = m.group(2).rstrip(" ")
        if value[:1] == '"':
            if not _DOUBLE_QUOTED.match(value):
                return None
            value = value[1:-1]
        elif value[:1] == "'":
            if not _SINGLE_QUOTED.match(value):
                return None
            value = value[1:-1]
        elif not _PLAIN_STRING.match(value) or value.lower() in _YAML_WORDS:
            return None
        out[m.group(1)] = value
    return out


# Deepest nesting of front matter read with yaml: libyaml's parser takes time quadratic in the
# depth of nested flow collections ("[[[[...") and its composer recurses on the C stack.
MAX_YAML_DEPTH = 64
_FLOW_BRACKET = re.compile(r"[\[\]{}\n]")


def _refused_yaml(text: str) -> tuple[int, str] | None:
    """(line offset, why) when front matter must not be given to yaml: it nests deeper than
    MAX_YAML_DEPTH, or it uses anchors or aliases (a few hundred bytes of aliases expand to
    gigabytes: the "billion laughs"). None when it may be read."""
    depth, line = 0, 0
    for m in _FLOW_BRACKET.finditer(text):  # brackets in quoted strings count too: a bound
        c = m.group()
        if c == "\n":
            line += 1
        elif c in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return line, f"it nests deeper than {MAX_YAML_DEPTH} levels"
        elif depth:
            depth -= 1
    if "&" not in text and "*" not in text:
        return None  # no anchor or alias can be written without these
    depth = 0
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        line = event.start_mark.line if event.start_mark is not None else 0
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            alias = isinstance(event, yaml.AliasEvent)
            what = f"an alias (*{anchor})" if alias else f"an anchor (&{anchor})"
            return line, f"it uses {what}; YAML anchors and aliases are refused"
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return line, f"it nests deeper than {MAX_YAML_DEPTH} levels"
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _front_matter(page: Page, lines: list[str]) -> int:
    """Parse leading YAML front matter; return the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        page.diagnostics.append(
            Diagnostic(
                source=page.at(1),
                rule=FRONT_MATTER_UNCLOSED,
                severity=Severity.ERROR,
                message="front matter opened with '---' is never closed",
            )
        )
        return 0
    data = flat_front_matter(lines[1:end])
    try:
        if data is None:
            text = "\n".join(lines[1:end])
            refused = _refused_yaml(text)
            if refused is not None:
                offset, why = refused
                page.diagnostics.append(
                    Diagnostic(
                        source=page.at(2 + offset),
                        rule=FRONT_MATTER_REFUSED,
                        severity=Severity.ERROR,
                        message=f"front matter not read: {why}",
                        suggestion="write front matter as plain 'key: value' lines",
                    )
                )
                return end + 1
            data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        page.diagnostics.append(
            Diagnostic(
                source=page.at(line),
                rule=FRONT_MATTER_INVALID,
                severity=Severity.ERROR,
                message=f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
            )
        )
        data = None
    if isinstance(data, dict):
        page.front_matter = {str(k): v for k, v in data.items()}
        for offset, text in enumerate(lines[1:end]):
            key = text.split(":", 1)[0].strip()
            if ":" in text and key in page.front_matter and key not in page.front_matter_lines:
                page.front_matter_lines[key] = offset + 2
    elif data is not None:
        page.diagnostics.append(
            Diagnostic(
                source=page.at(2),
                rule=FRONT_MATTER_INVALID,
                severity=Severity.ERROR,
                message="front matter is not a mapping of keys to values",
            )
        )
    return end + 1


def read_page(text: str, path: str) -> Page:
    """Scan a page's text into a Page; never raises on any text."""
    page = Page(path=path, front_matter={})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = _front_matter(page, lines)
    n = len(lines)
    heading: Heading | None = None
    last_comment: Comment | None = None  # a comment still waiting for its fence
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        first = stripped[0]
        if first == "#":
            found = _heading(line)
            if found is not None:
                level, title = found
                if _TAB_HEADING.match(title):
                    page.tabs.append((title, i + 1))
                else:
                    heading = Heading(level=level, text=title, line=i + 1)
                    page.headings.append(heading)
                    last_comment = None
                i += 1
                continue
        if first in "`~":
            m = _FENCE.match(line)
            if m:
                i = _read_fence(page, lines, i, m, heading, last_comment)
                last_comment = None
                continue
        if stripped.startswith("<!--"):
            i, comment = _read_comment(page, lines, i, heading)
            last_comment = comment
            continue
        if "|" in line and i + 1 < n and "-" in lines[i + 1] and _DELIMITER.match(lines[i + 1]):
            i = _read_table(page, lines, i, heading)
            last_comment = None
            continue
        if "[!INCLUDE" in line or "[!include" in line:
            for m in _INCLUDE.finditer(line):
                page.includes.append((m.group(1), i + 1))
        page.prose.append(ProseLine(text=stripped, line=i + 1, heading=heading))
        last_comment = None
        i += 1
    return page


def _read_fence(
    page: Page,
    lines: list[str],
    i: int,
    m: re.Match[str],
    heading: Heading | None,
    comment: Comment | None,
) -> int:
    marker = m.group(2)
    lang = m.group(3).lower()
    start = i + 1
    j = start
    n = len(lines)
    run = marker[0] * len(marker)
    resume: int | None = None  # where scanning goes on after an unclosed fence
    while j < n:
        s = lines[j].strip()
        if s.startswith(run):
            if not s.strip(marker[0]):
                break
            if _FENCE_INFO.match(s[len(run) :]):
                # "```http" can only open a block: the author never closed this one
                resume = _unclosed(page, lines, i, j, marker)
                break
        j += 1
    else:
        resume = _unclosed(page, lines, i, n, marker)
    end = j if resume is None else resume
    indent = len(m.group(1))
    body = [ln[indent:] if ln[:indent].isspace() else ln.lstrip() for ln in lines[start:end]]
    page.fences.append(
        Fence(
            lang=lang,
            text="\n".join(body),
            line=start + 1,
            fence_line=i + 1,
            heading=heading,
            comment=comment,
        )
    )
    return j + 1 if resume is None else resume


def _unclosed(page: Page, lines: list[str], i: int, j: int, marker: str) -> int:
    """Report the fence opened at ``i`` as unclosed; return where its content ends.

    ``j`` is the line of the next fence opener (or the end of the page).  The content
    ends before the first markdown heading or HTML comment in between, where the page
    evidently goes on, so the rest of the page is still read as markdown.
    """
    end = next((k for k in range(i + 1, j) if _PAGE_RESUMES.match(lines[k])), j)
    what = f"before the next code fence at line {j + 1}" if j < len(lines) else "at all"
    page.diagnostics.append(
        Diagnostic(
            source=page.at(i + 1),
            rule=CODE_FENCE_UNCLOSED,
            severity=Severity.ERROR,
            message=f"code fence '{marker}' opened here is not closed {what}",
            suggestion=f"close it with '{marker}' before line {end + 1}",
        )
    )
    return end


def _read_comment(
    page: Page, lines: list[str], i: int, heading: Heading | None
) -> tuple[int, Comment]:
    first = lines[i].strip()[4:]
    parts = [first]
    j = i
    while "-->" not in parts[-1] and j + 1 < len(lines):
        j += 1
        parts.append(lines[j])
    joined = "\n".join(parts)
    end = joined.find("-->")
    if end < 0:
        page.diagnostics.append(
            Diagnostic(
                source=page.at(i + 1),
                rule=COMMENT_UNCLOSED,
                severity=Severity.WARNING,
                message="HTML comment opened here is never closed",
            )
        )
        end = len(joined)
    comment = Comment(text=joined[:end], line=i + 1, heading=heading)
    page.comments.append(comment)
    return j + 1, comment


def _read_table(page: Page, lines: list[str], i: int, heading: Heading | None) -> int:
    header = split_row(lines[i])
    table = Table(header=header, rows=[], line=i + 1, heading=heading)
    j = i + 2
    n = len(lines)
    # rows written "|a|b|c|": a line that does not start with "|" continues an unclosed row
    header_line = lines[i].strip()
    piped = header_line.startswith("|") and header_line.endswith("|")
    wrapped: list[str] = []  # the last row's lines while it goes on (split once it ends)
    while j < n:
        row = lines[j]
        stripped = row.strip()
        if not stripped:
            break
        last = table.rows[-1] if table.rows else None
        if piped and last is not None and not stripped.startswith("|") and last.open:
            # the previous row's last cell goes on: a description wrapped onto a new line
            if not wrapped:
                wrapped.append(last.raw)
            wrapped.append(stripped)
            last.open = not stripped.endswith("|")
            j += 1
            continue
        if "|" not in row:
            break
        _join_wrapped(last, wrapped)
        table.rows.append(
            Row(cells=split_row(row), line=j + 1, raw=stripped, open=not stripped.endswith("|"))
        )
        j += 1
    _join_wrapped(table.rows[-1] if table.rows else None, wrapped)
    page.tables.append(table)
    return j


def _join_wrapped(row: Row | None, wrapped: list[str]) -> None:
    """Give a row wrapped over several lines its whole markdown and cells (split once: splitting
    the row again at each line took time quadratic in the number of lines)."""
    if row is not None and wrapped:
        row.raw = " ".join(wrapped)
        row.cells = split_row(row.raw)
    wrapped.clear()
