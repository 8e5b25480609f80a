"""Links: every relative link and ``#fragment`` names a page and a heading of the doc set.

A relative link is checked when the folder it leads to holds pages being linted (``api/``,
``resources/``); links into other folders (includes, concepts, images) cannot be told and are
left alone.  Absolute docs links (``/graph/api/...``, ``https://learn.microsoft.com/graph/api/...``,
``docs.microsoft.com/<locale>/graph/api/...``) are mapped onto the doc set's pages when their
``view=`` names the version the doc set is (a ``beta`` or ``v1.0`` folder).  Names are compared
case-exactly, as the published site and case-sensitive checkouts compare them; fragments against
the anchors docs.microsoft.com gives headings (lower-case, spaces to ``-``, punctuation dropped,
``-1``, ``-2`` for repeats) and the ``<a name="...">`` / ``id="..."`` anchors of the page.

Methods-table links to a page missing from the doc set are ``method-link-broken``'s; they are
not reported again here.

Every scan here is linear in the text: links are read by the parser's CommonMark link reader
(``link_targets``), tags by ``str.find``.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import unquote

from codegen.ir.diagnostics import Severity
from codegen.ir.source import SourceRef
from codegen.lint.catalog import LINK_BROKEN, LINK_FRAGMENT_BROKEN
from codegen.lint.context import LintContext
from codegen.lint.rules.front_matter import docs_version
from codegen.parser.docset import ParsedPage
from codegen.parser.page import Page
from codegen.parser.type_names import strip_links

# where docs.microsoft.com publishes the API reference: /graph/api/<page>, /graph/api/resources/<page>
_DOCS_HOSTS = ("docs.microsoft.com", "learn.microsoft.com")
_VIEWS = {"graph-rest-beta": "beta", "graph-rest-1.0": "v1.0"}


def anchor(text: str) -> str:
    """The anchor docs.microsoft.com (markdig, GitHub style) gives a heading's markdown text:
    the rendered text lower-cased, letters, digits, ``-`` and ``_`` kept, spaces to ``-``."""
    text = _without_tags(strip_links(text)).replace("\\", "")
    text = _without_emphasis_underscores(text)
    out = []
    for c in text:
        if c == " ":
            out.append("-")
        elif c.isalnum() or c in "-_":
            out.append(c.lower())
    return "".join(out)


def _without_tags(text: str) -> str:
    """``text`` without HTML tags (``<a name="x"></a>``, ``<br/>``), in one pass."""
    if "<" not in text:
        return text
    parts, pos = [], 0
    while True:
        start = text.find("<", pos)
        if start < 0:
            break
        end = text.find(">", start)
        if end < 0:
            break
        inner = text[start + 1 : end]
        if inner[:1].isalpha() or inner[:1] == "/":
            parts.append(text[pos:start])
        else:
            parts.append(text[pos : end + 1])  # not a tag ("a < b > c")
        pos = end + 1
    parts.append(text[pos:])
    return "".join(parts)


def _without_emphasis_underscores(text: str) -> str:
    """``_x_`` and ``__x__`` emphasis as words: underscores at the edge of a word are markup."""
    if "_" not in text:
        return text
    return " ".join(w.strip("_") if w.strip("_") else w for w in text.split(" "))


def explicit_anchors(text: str) -> Iterator[str]:
    """The ``name``/``id`` of every ``<a ...>`` tag in a line, in one pass."""
    pos = 0
    while True:
        start = text.find("<a", pos)
        if start < 0:
            return
        end = text.find(">", start)
        if end < 0:
            return
        tag = text[start + 2 : end]
        pos = end + 1
        if tag[:1] not in (" ", "\t"):
            continue
        for attr in ("name", "id"):
            value = _attribute(tag, attr)
            if value:
                yield value


def _attribute(tag: str, attr: str) -> str | None:
    """The value of ``attr=...`` in a tag's text, read without slicing the rest of the tag at
    each occurrence of the name (linear in the tag)."""
    size = len(tag)
    i = tag.find(attr)
    while i >= 0:
        j = i + len(attr)
        if i == 0 or tag[i - 1] in " \t":
            while j < size and tag[j] in " \t":
                j += 1
            if j < size and tag[j] == "=":
                j += 1
                while j < size and tag[j] in " \t":
                    j += 1
                quote = tag[j] if j < size else ""
                if quote in ("'", '"'):
                    close = tag.find(quote, j + 1)
                    return tag[j + 1 : close] if close > 0 else None
                stop = j
                while stop < size and tag[stop] not in " \t/":
                    stop += 1
                return tag[j:stop] or None
        i = tag.find(attr, max(j, i + 1))
    return None


def page_anchors(page: Page) -> set[str]:
    """Every anchor a page has: its headings' (repeats numbered) and its explicit ones."""
    out: set[str] = set()
    seen: dict[str, int] = {}
    for heading in page.headings:
        a = anchor(heading.text)
        if a in seen:
            seen[a] += 1
            out.add(f"{a}-{seen[a]}")
        else:
            seen[a] = 0
            out.add(a)
        out.update(explicit_anchors(heading.text))
    for _, text in _lines(page):
        if "<a" in text:
            out.update(explicit_anchors(text))
    return out


def _lines(page: Page) -> Iterator[tuple[int, str]]:
    """(line, markdown) of the running text, table rows and headings of a page."""
    for prose in page.prose:
        yield prose.line, prose.text
    for table in page.tables:
        yield table.line, "|".join(table.header)
        for row in table.rows:
            yield row.line, row.raw
    for heading in page.headings:
        yield heading.line, heading.text


def _link_lines(page: Page) -> list[tuple[int, str]]:
    """(line, markdown) of the running text, table rows and headings that may hold a link."""
    out = [(p.line, p.text) for p in page.prose if "](" in p.text or "]:" in p.text]
    for table in page.tables:
        header = "|".join(table.header)
        if "](" in header:
            out.append((table.line, header))
        out += [(r.line, r.raw) for r in table.rows if "](" in r.raw]
    out += [(h.line, h.text) for h in page.headings if "](" in h.text]
    return out


def _docs_link(target: str) -> tuple[str, str | None, str] | None:
    """(page path below the docs folder, version or None, fragment) of an absolute link to the
    Graph API reference; None for any other link."""
    rest = target
    lower = target.lower()
    if lower.startswith(("https://", "http://")):
        host, _, rest = target.split("://", 1)[1].partition("/")
        if host.lower() not in _DOCS_HOSTS:
            return None
        rest = "/" + rest
        first, _, after = rest[1:].partition("/")
        if len(first) == 5 and first[2] == "-":  # a locale: /en-us/graph/...
            rest = "/" + after
    if not rest.startswith("/graph/api/"):
        return None
    path, _, fragment = rest.partition("#")
    path, _, query = path.partition("?")
    view = None
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key.lower() == "view":
            view = _VIEWS.get(value.lower(), value)
    name = unquote(path[len("/graph/api/") :]).rstrip("/")
    if not name:
        return None
    page = name if name.lower().endswith(".md") else name + ".md"
    if "/" not in page or page.startswith("resources/"):
        return "api/" + page if "/" not in page else page, view, fragment
    return None


class _DocSet:
    """The pages of the run, by exact and lower-case name, their folders and anchors."""

    def __init__(self, ctx: LintContext) -> None:
        self.ctx = ctx
        self.exact = {p.info.path: p for p in ctx.pages}
        self.folded: dict[str, str] = {}
        for name in self.exact:
            self.folded.setdefault(name.lower(), name)
        self.folders = {posixpath.dirname(name) for name in self.exact}
        self._anchors: dict[str, set[str]] = {}
        self._resolved: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._lines: dict[tuple[str, str], tuple[tuple[str, tuple[str, str] | None], ...]] = {}
        root = ctx.docs_root.rstrip("/")
        self.root = root + "/" if root else ""
        self.version = docs_version(ctx)

    def resolve(self, folder: str, target: str) -> tuple[str, str] | None:
        """Where a link from ``folder`` leads, when there is anything to report about it (None:
        it leads outside what the doc set can tell, or to a page and anchor that exist)."""
        key = (folder, target)
        if key not in self._resolved:
            found = _resolve(self, folder, target)
            if found is not None and self.sound(target, *found):
                found = None
            self._resolved[key] = found
        return self._resolved[key]

    def suspects(self, folder: str, text: str) -> tuple[tuple[str, tuple[str, str] | None], ...]:
        """The links of a line from a page in ``folder`` that may be broken: (target, where it
        leads), or (target, None) for a fragment of the page itself. Once a line text and
        folder: table rows repeat from page to page."""
        key = (folder, text)
        found = self._lines.get(key)
        if found is None:
            out: list[tuple[str, tuple[str, str] | None]] = []
            for target in _targets(text):
                if not target or target.startswith("#tab/"):
                    continue
                if target[0] == "#":
                    out.append((target, None))
                elif (resolved := self.resolve(folder, target)) is not None:
                    out.append((target, resolved))
            found = self._lines[key] = tuple(out)
        return found

    def sound(self, target: str, name: str, fragment: str) -> bool:
        """True when the link is right: the page exists as spelled, and so does the anchor."""
        if "\\" in target.partition("#")[0] or name not in self.exact:
            return False
        return not fragment or unquote(fragment) in self.anchors(name)

    def anchors(self, name: str) -> set[str]:
        found = self._anchors.get(name)
        if found is None:
            parsed = self.exact[name]
            found = page_anchors(parsed.page) if parsed.page is not None else set()
            self._anchors[name] = found
        return found


def _method_lines(parsed: ParsedPage) -> dict[int, str]:
    """Line -> link of each Methods-table row (method-link-broken checks where they lead)."""
    t = parsed.type
    return {m.source.line: (m.link or "") for m in t.methods} if t is not None else {}


def _check_page(ctx: LintContext, docs: _DocSet, parsed: ParsedPage) -> None:
    page = parsed.page
    if page is None:
        return
    here = parsed.info.path
    folder = posixpath.dirname(here)
    methods: dict[int, str] | None = None
    for line, text in _link_lines(page):
        for target, resolved in docs.suspects(folder, text):
            if resolved is None:  # a fragment of this page
                resolved = (here, target[1:])
                if docs.sound(target, here, target[1:]):
                    continue
            if methods is None:
                methods = _method_lines(parsed)
            _check_link(ctx, docs, here, line, target, resolved, methods.get(line))


# "](", spaces, then "<target>" or a target without spaces, parentheses or '<', and the
# character after it: possessive, so each match reads its characters once and matches never
# overlap (linear in the line)
_INLINE = re.compile(r"\]\([ \t]*+(?:<([^<>\n]*+)>|([^\s()<]*+))(.?)")


def inline_targets(text: str) -> list[str]:
    """The destination of every ``](...)`` in a line: after ``](`` and spaces, ``<...>`` or the
    text up to a space or the ``)`` that balances the parentheses. Linear: a target holding
    parentheses is read a character at a time, and no later match inside it is read again."""
    out: list[str] = []
    done = 0  # where the last target read by hand ended
    for m in _INLINE.finditer(text):
        if m.start() < done:
            continue
        if m.group(1) is not None:
            out.append(m.group(1))
            continue
        after = m.group(3)
        if after != "(":
            if m.group(2) and (after == ")" or after.isspace()):
                out.append(m.group(2))
            continue
        j = m.start(2)
        k, depth, end = j, 0, len(text)
        while k < end:
            c = text[k]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            elif c in " \t":
                break
            k += 1
        if k < end and k > j:
            out.append(text[j:k])
        done = k
    return out


def _targets(text: str) -> list[str]:
    """The targets of a line's inline links, and of a reference definition (``[x]: target``)."""
    out = inline_targets(text) if "](" in text else []
    if text.startswith("[") and "]:" in text:
        close = text.find("]:")
        if "[" not in text[1:close] and "]" not in text[1:close]:
            rest = text[close + 2 :].split()
            if rest:
                target = rest[0]
                out.append(target[1:-1] if target[:1] == "<" and target[-1:] == ">" else target)
    return out


def _resolve(docs: _DocSet, folder: str, target: str) -> tuple[str, str] | None:
    """(page name, fragment) a link from a page in ``folder`` leads to, when the doc set can
    tell (None: another site, another version, a folder the doc set does not hold)."""
    absolute = _docs_link(target)
    if absolute is not None:
        path, view, fragment = absolute
        if docs.version is None or view != docs.version:
            return None  # the doc set is another version (or cannot tell which it is)
        return docs.root + path, fragment
    head = target.split("/", 1)[0]
    if "://" in target or target.startswith("/") or ":" in head:
        return None  # another site, mailto:, or docs.microsoft.com outside the API reference
    path, _, fragment = target.partition("#")
    path = path.partition("?")[0]
    if "%" in path:
        path = unquote(path)
    path = path.replace("\\", "/")
    name = posixpath.normpath(folder + "/" + path if folder else path)
    if name.startswith("../") or name.rpartition("/")[0] not in docs.folders:
        return None  # a folder the doc set given does not hold (includes, concepts, images)
    if not name.lower().endswith(".md"):
        return None  # an image or other file next to the pages: not a page
    return name, fragment


def _check_link(
    ctx: LintContext,
    docs: _DocSet,
    here: str,
    line: int,
    target: str,
    resolved: tuple[str, str],
    method: str | None,
) -> None:
    name, fragment = resolved
    where = SourceRef(file=here, line=line)
    path = target.partition("#")[0]
    if "\\" in path and not path.startswith("/") and "://" not in path:
        ctx.report(
            LINK_BROKEN,
            where,
            f"link '{target}' separates folders with backslashes: links take '/' "
            "(the site and case-sensitive checkouts find no such page)",
            target.replace("\\", "/").replace("//", "/"),
            subject=ctx.relative(name),
        )
        return
    if name not in docs.exact:
        folded = docs.folded.get(name.lower())
        if folded is None:
            if ctx.selected is not None:
                return  # a --changed-only run parses only some pages: the others may exist
            if method is not None and method.split("#", 1)[0].strip() == path:
                return  # a Methods-table link: method-link-broken's
            ctx.report(
                LINK_BROKEN,
                where,
                f"link '{target}' leads to {ctx.relative(name)}, which is not in the doc set",
                subject=ctx.relative(name),
            )
            return
        ctx.report(
            LINK_BROKEN,
            where,
            f"link '{target}' leads to {ctx.relative(name)}, which is spelled "
            f"{ctx.relative(folded)}: file names are case-sensitive (checkouts, GitHub)",
            _relink(target, name, folded),
            subject=ctx.relative(name),
            severity=Severity.WARNING,
        )
        name = folded
    if not fragment:
        return
    fragment = unquote(fragment)
    anchors = docs.anchors(name)
    if fragment in anchors:
        return
    page = "this page" if name == here else ctx.relative(name)
    lowered = fragment.lower()
    if lowered in anchors:
        ctx.report(
            LINK_FRAGMENT_BROKEN,
            where,
            f"link '{target}': {page} has the anchor '#{lowered}', not '#{fragment}' "
            "(anchors are lower-case)",
            f"#{lowered}",
            subject=f"{ctx.relative(name)}#{fragment}",
            severity=Severity.WARNING,
        )
        return
    close = _closest(lowered, anchors)
    ctx.report(
        LINK_FRAGMENT_BROKEN,
        where,
        f"link '{target}': {page} has no heading or anchor '#{fragment}'",
        f"#{close}" if close else None,
        subject=f"{ctx.relative(name)}#{fragment}",
    )


def _relink(target: str, name: str, folded: str) -> str:
    """The link with the page's name spelled as the doc set spells it."""
    wrong, right = posixpath.basename(name), posixpath.basename(folded)
    path, sep, rest = target.partition("#")
    head, _, tail = path.rpartition("/")
    if tail.lower().startswith(wrong.lower()[:-3]):
        fixed = (head + "/" if head else "") + right[:-3] + tail[len(wrong) - 3 :]
        return fixed + sep + rest
    return target


def _closest(fragment: str, anchors: set[str]) -> str | None:
    """The anchor most like a missing fragment, if close (no suggestion for a page of many
    anchors or a long fragment: difflib's time grows with both)."""
    if len(anchors) > 400 or len(fragment) > 120:
        return None
    found = difflib.get_close_matches(
        fragment, sorted(a for a in anchors if len(a) <= 240), n=1, cutoff=0.8
    )
    return found[0] if found else None


def _merge_repeats(ctx: LintContext, start: int) -> None:
    """One finding per page for the same link written several times (a table linking the same
    missing page in every row): the first, with the count and the other lines."""
    mine = ctx.findings[start:]
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, d in enumerate(mine):
        groups.setdefault((d.source.file, d.rule, d.message), []).append(i)
    drop: set[int] = set()
    for found in groups.values():
        if len(found) < 2:
            continue
        lines = ", ".join(str(mine[i].source.line) for i in found[1:6])
        more = ", ..." if len(found) > 6 else ""
        first = mine[found[0]]
        note = f" ({len(found)} such links on this page; also lines {lines}{more})"
        mine[found[0]] = replace(first, message=first.message + note)
        drop.update(found[1:])
    ctx.findings[start:] = [d for i, d in enumerate(mine) if i not in drop]


def check(ctx: LintContext) -> None:
    """Every link of every page."""
    docs = _DocSet(ctx)
    start = len(ctx.findings)
    for parsed in ctx.pages:
        _check_page(ctx, docs, parsed)
    _merge_repeats(ctx, start)
