"""Time and memory linear in a page's size (issue 15, item 6): pages come from untrusted pull
requests, so no page may make a command hang or exhaust memory.

Each pathological kind of page, found by a security trial or by reading the parser and the
rules (backtracking expressions, rescans, comparisons of everything with everything), is built
at two sizes, n and 2n, in the clean doc set of ``test_lint_rules``; the real stages run on both
(lint: read, parse, resolve and every rule; parse: ``parse_docs``; render where generation
grows with the page) and the best of three runs of 2n may take at most RATIO times the best of
n (linear is 2; quadratic 4). Each kind the trial found also runs through the real CLI in a
subprocess, at the size that hung it, under a timeout: findings or a refusal naming the page,
never an internal error.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from codegen.api import parse_docs, render
from codegen.generate import format as format_module
from codegen.generate.format import _MEMO as format_memo
from codegen.lint.runner import LintOptions, lint_docs
from codegen.parser.docset import parse_text
from codegen.settings import Settings
from tests.support import codegen_cli
from tests.test_lint_rules import ID, LINK, RETURNS, Edit, G, P, U, W, write_docs

RATIO = 3.5  # t(2n) / t(n): linear is 2, quadratic 4 (a generous bound, the machine is shared)
GUARD = 20.0  # seconds: a measurement past this fails at once (a regression would hang)

EXAMPLE_URL = f"https://graph.microsoft.com/v1.0/widgets/{ID}"
GET_TEMPLATE = "GET /widgets/{widgetId}\n"
RESPONSE_LINE = RETURNS.format("200 OK", f"a {LINK} object")
DN = '"displayName": "Blue widget",'
ROW = "|displayName|String|The name shown to users.|"
BILLION_LAUGHS = (
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{k}: &{k} [{', '.join([f'*{before}'] * 9)}]\n"
        for before, k in zip("abcdefgh", "bcdefghi", strict=True)
    )
)  # 9**9 "lol" once expanded, from 414 bytes


@dataclass(frozen=True)
class Kind:
    """A pathological page: the edits of the clean set at size n, the n measured, the stages
    timed, and the size the CLI run uses (None: no CLI run of its own)."""

    edits: Callable[[int], tuple[Edit, ...]]
    n: int
    stages: tuple[str, ...] = ("lint",)
    cli: int | None = None


def _rows(n: int, row: Callable[[int], str]) -> str:
    return "\n".join(row(i) for i in range(n))


KINDS: dict[str, Kind] = {
    # the trial: "`200" then spaces in the Response prose (4.5 KB: 55 s; cubic)
    "status-spaces": Kind(
        lambda n: ((G, RESPONSE_LINE, "This method returns a `200" + " " * n + "x"),),
        600_000,
        ("lint", "parse"),
        cli=8_500,
    ),
    # an 80,000-character heading line took 120 s
    "long-heading": Kind(
        lambda n: ((G, "## Permissions", "## a" + " " * n + "b\n\n# " + "# " * n + "c"),),
        1_000_000,
        ("lint", "parse"),
        cli=80_000,
    ),
    # an 80,000-character request line took 86 s
    "long-request-line": Kind(
        lambda n: ((G, GET_TEMPLATE, "GET /widgets/{widgetId}" + " " * n + "x\n"),),
        1_000_000,
        ("lint", "parse"),
        cli=80_000,
    ),
    # an 80,000-character header line took 71 s
    "long-header-line": Kind(
        lambda n: ((G, "Content-Type: application/json\n", "Content-Type: a" + " " * n + "b\n"),),
        2_000_000,
        ("lint", "parse"),
        cli=80_000,
    ),
    # runs of '[' in a type cell, a description cell and the prose
    "bracket-runs": Kind(
        lambda n: (
            (W, "|displayName|String|The name shown to users.|", "|x|" + "[" * n + "|" + "[" * n),
            (G, "Namespace: microsoft.graph", "Namespace: microsoft.graph\n\n" + "[" * n),
        ),
        400_000,
        ("lint", "parse"),
        cli=80_000,
    ),
    # eight placeholders in one template segment: C(n, 8) steps (724 bytes: 63-70 s)
    "template-placeholders": Kind(
        lambda n: (
            (G, GET_TEMPLATE, "GET /widgets/{a}{b}{c}{d}{e}{f}{g}{h}x\n"),
            (G, EXAMPLE_URL, "https://graph.microsoft.com/v1.0/widgets/" + "a" * n),
        ),
        1_000_000,
        cli=600,
    ),
    # the two URL-segment expressions (5-7 KB: about 50 s): a key and function arguments
    "url-segments": Kind(
        lambda n: (
            (G, EXAMPLE_URL, "https://graph.microsoft.com/v1.0/widgets(" + " " * n + "x"),
            (U, "PATCH /widgets/{widgetId}\n", "PATCH /widgets/f(a={a},b={b})\n"),
            (U, EXAMPLE_URL, "https://graph.microsoft.com/v1.0/widgets/f(a=" + " " * n + "x"),
        ),
        500_000,
        ("lint", "parse"),
        cli=7_000,
    ),
    # a malformed example URL of n segments: every tail was joined and matched
    "url-many-segments": Kind(
        lambda n: ((G, EXAMPLE_URL, "https://graph.microsoft.com/widgets" + "/a" * n),),
        100_000,
    ),
    # a 200,000-row table took 892 s and 10.4 GB: a properties table and a request-body table
    "table-rows": Kind(
        lambda n: (
            (W, ROW, _rows(n, lambda i: f"|p{i}|String|Row {i}.|")),
            (
                P,
                "|size|Int32|",
                _rows(n, lambda i: f"|b{i}|String|Row {i}. Optional.|") + "\n|size|Int32|",
            ),
        ),
        1_000,
        ("lint", "parse"),
        cli=10_000,
    ),
    # the same tables rendered and formatted as a package (render: one model, its fields)
    "table-rows-generated": Kind(
        lambda n: (
            (W, ROW, _rows(n, lambda i: f"|p{i}|String|Row {i}.|")),
            (
                P,
                "|size|Int32|",
                _rows(n, lambda i: f"|b{i}|String|Row {i}. Optional.|") + "\n|size|Int32|",
            ),
        ),
        60,
        ("render",),
    ),
    # a row of a piped table wrapped over n lines (split again at every line)
    "wrapped-row": Kind(
        lambda n: (
            (W, ROW, "|displayName|String|The name\n" + _rows(n, lambda i: f"goes on {i}")),
        ),
        20_000,
        ("lint", "parse"),
    ),
    # a request URL wrapped over n lines (its brackets counted again at every line)
    "wrapped-url": Kind(
        lambda n: ((G, GET_TEMPLATE, "GET /widgets/{widgetId}(\n" + "a\n" * n),),
        3_000,
        ("lint", "parse"),
    ),
    # n findings in one JSON body: each one's line was found by scanning the body from its start
    "json-findings": Kind(
        lambda n: ((G, DN, DN + "".join(f'\n  "p{i}": "String",' for i in range(n))),),
        1_000,
    ),
    # n request templates and n example URLs matching none (each against each, and difflib)
    "templates-and-examples": Kind(
        lambda n: (
            (G, GET_TEMPLATE, "".join(f"GET /widgets/a{i}/{{x}}/b\n" for i in range(n))),
            (
                G,
                "### Request\n",
                "".join(
                    f'### Request\n<!-- {{ "blockType": "request", "name": "e{i}" }} -->\n'
                    f"```http\nGET https://graph.microsoft.com/v1.0/widgets/c{i}/y/b\n```\n"
                    for i in range(n)
                )
                + "### Request\n",
            ),
        ),
        60,
    ),
    # n properties and an example with n unknown keys (a suggestion for each among all)
    "unknown-keys": Kind(
        lambda n: (
            (W, ROW, _rows(n, lambda i: f"|prop{i}|String|Row {i}.|")),
            (G, DN, DN + "".join(f'\n  "qrop{i}x": 1,' for i in range(n))),
        ),
        300,
    ),
    # n distinct unknown @odata.type values in one body (each searched for from the start)
    "odata-values": Kind(
        lambda n: (
            (
                G,
                DN,
                DN
                + "".join(
                    f'\n  "p{i}": {{"@odata.type": "#microsoft.graph.t{i}"}},' for i in range(n)
                ),
            ),
        ),
        2_000,
    ),
    # n keys of one body that differ from the table's names only in case (property-spelling)
    "spelled-keys": Kind(
        lambda n: (
            (W, ROW, _rows(n, lambda i: f"|prop{i}|String|Row {i}.|")),
            (G, DN, DN + "".join(f'\n  "Prop{i}": "x",' for i in range(n))),
        ),
        1_000,
    ),
    # one name spelled two ways down a table of n rows: a conflict of n sides, each side's
    # finding listing them all (and the sides deduplicated by searching a list)
    "conflict-sides": Kind(
        lambda n: (
            (W, ROW, _rows(n, lambda i: f"|{'dup' if i % 2 else 'Dup'}|String|Row {i}.|")),
            (
                P,
                "|size|Int32|",
                _rows(n, lambda i: f"|{'Size' if i % 2 else 'size'}|Int64|Row {i}.|"),
            ),
        ),
        1_000,
    ),
    # n keys holding a quote in a body: each one's line searched for through the whole body
    "quoted-keys": Kind(
        lambda n: ((G, DN, DN + "".join(f'\n  "k\\"{i}": "String",' for i in range(n))),),
        2_000,
    ),
    # n enums on a page and n properties linking to them (each link searched the page's types)
    "linked-enums": Kind(
        lambda n: (
            (W, ROW, _rows(n, lambda i: f"|p{i}|[e{i}](widget.md)|Row {i}.|")),
            (
                W,
                "### widgetStatus values",
                "".join(
                    f"### e{i} values\n|Member|Description|\n|:---|:---|\n|a|A.|\n\n"
                    for i in range(n)
                )
                + "### widgetStatus values",
            ),
        ),
        800,
    ),
    # n rows "Inherited from" n different types: each stacked above the type, a chain n deep
    "inherited-from-chain": Kind(
        lambda n: ((W, ROW, _rows(n, lambda i: f"|p{i}|String|Inherited from [t{i}](t{i}.md).|")),),
        2_000,
        ("lint", "parse"),
    ),
    # a line of unclosed includes (each one scanned to the end of the line)
    "include-runs": Kind(
        lambda n: ((G, "Namespace: microsoft.graph", "[!INCLUDE [a](" * n),),
        20_000,
        ("lint", "parse"),
    ),
    # front matter nested n levels deep: libyaml is quadratic in it (and crashed at 100,000)
    "yaml-nesting": Kind(
        lambda n: ((G, 'description: "Get widget."', "k: " + "[" * n + "]" * n),),
        1_000_000,
        ("lint", "parse"),
        cli=100_000,
    ),
    # issue 18's recall rules: {placeholders} and runs of '{' in an example URL's query
    "url-placeholders": Kind(
        lambda n: (
            (G, EXAMPLE_URL + "\n", EXAMPLE_URL + "?q=" + "{a}" * n + "{" * n + "b" * n + "\n"),
        ),
        100_000,
    ),
    # a description listing n values (each read as an item), an example value none of them
    "values-list": Kind(
        lambda n: (
            (
                W,
                "|size|Int32|The size of the widget, in millimetres.|",
                "|size|Int32|Possible values are: "
                + ", ".join(f"{i} - `v{i}`" for i in range(100, 100 + n))
                + ".|",
            ),
        ),
        100_000,
    ),
    # an enum's table of n members, and a second table of it with each member cased otherwise
    "enum-twice": Kind(
        lambda n: (
            (
                W,
                "|active|The widget is in use.|\n|retired|The widget is no longer in use.|\n",
                _rows(n, lambda i: f"|m{i}|Member {i}.|")
                + "\n\n### widgetStatus values\n|Member|Description|\n|:---|:---|\n"
                + _rows(n, lambda i: f"|M{i}|Member {i}.|")
                + "\n",
            ),
        ),
        20_000,
    ),
    # issue 18's page and text rules (codegen/lint/rules/page_text.py): marked words and no
    # full stop, camelCase links (and one left open), empty sections, a long permission row,
    # a read-only description of many clauses, a table of placeholder rows
    "marked-words": Kind(
        lambda n: (
            (G, "## Permissions", "**displayname** " * n + "`Size` properties\n\n## Permissions"),
        ),
        20_000,
    ),
    "type-links": Kind(
        lambda n: (
            (
                G,
                "## Permissions",
                "[aB](../resources/widgetpart.md) " * n + "[aB](" + "x[" * n + "\n\n## Permissions",
            ),
        ),
        20_000,
    ),
    "empty-sections": Kind(
        lambda n: ((G, "## Permissions", "## Request body\n" * n + "## Permissions"),), 20_000
    ),
    "permission-row": Kind(
        lambda n: (
            (
                "docs/api/widget-update.md",
                "|Delegated (work or school account)|Widget.ReadWrite.All|",
                "|Delegated (work or school account)|Widget.Read"
                + " and  Widget.Read" * n
                + " ," * n
                + "|",
            ),
        ),
        50_000,
    ),
    "read-only-clauses": Kind(
        lambda n: (
            (
                W,
                "When the widget was created. Read-only.|",
                "This property is read-only " + "read-only " * n + "when; " * n + "|",
            ),
            (
                P,
                '"status": "active",\n  "part"',
                '"status": "active",\n  "createdDateTime": "x",\n  "part"',
            ),
        ),
        20_000,
    ),
    "placeholder-rows": Kind(
        lambda n: ((W, ROW, _rows(n, lambda i: f"|p{i}|String|Not yet documented|")),),
        10_000,
    ),
}


@pytest.fixture(scope="module", autouse=True)
def _frozen_heap() -> Iterator[None]:
    """What the session holds already is frozen (never scanned again), so the collection each
    measurement starts from costs only what the measurements made."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@contextlib.contextmanager
def _guard(seconds: float) -> Iterator[None]:
    """Fail a measurement that runs past ``seconds`` (the expressions check for signals)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds:.0f} s: not linear")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _stage(name: str, root: Path) -> Callable[[], object]:
    if name == "lint":
        return lambda: lint_docs(LintOptions(paths=(root / "docs",), root=root))
    if name == "parse":
        return lambda: parse_docs([root / "docs"], root)
    if name == "render":  # formatting included: black's in-process memo emptied first
        settings = Settings(docs=(root / "docs",), root=root, cache=False)

        def in_process() -> object:
            # formatting on one core, so that process_time counts all of it (many lines are
            # otherwise formatted by worker processes)
            format_memo.clear()
            with mock.patch.object(format_module, "_cores", return_value=1):
                return render(settings)

        return in_process
    raise AssertionError(name)


def _once(run: Callable[[], object]) -> float:
    gc.collect()  # no run pays for the garbage of the one before it
    start = time.process_time()  # CPU time of this process: other tests run on the other cores
    with _guard(GUARD):
        run()
    return time.process_time() - start


def _docs(folder: Path, edits: tuple[Edit, ...]) -> Path:
    folder.mkdir()
    write_docs(folder, edits)
    return folder


def _ratio(kind: Kind, stage: str, tmp_path: Path, times: int = 3) -> tuple[float, float]:
    """Best of ``times`` runs at n and at 2n, taken in turns (a load that comes and goes on the
    shared machine falls on both); three more of each when the first give more than RATIO."""
    small = _stage(stage, _docs(tmp_path / "n", kind.edits(kind.n)))
    large = _stage(stage, _docs(tmp_path / "2n", kind.edits(2 * kind.n)))
    best = [float("inf"), float("inf")]
    for _attempt in range(2):
        for _ in range(times):
            best = [min(best[0], _once(small)), min(best[1], _once(large))]
        if best[1] <= RATIO * best[0]:
            break
    return best[0], best[1]


CASES = [(name, stage) for name, kind in KINDS.items() for stage in kind.stages]


@pytest.mark.parametrize(("name", "stage"), CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_time_is_linear_in_the_page(name: str, stage: str, tmp_path: Path) -> None:
    small, large = _ratio(KINDS[name], stage, tmp_path)
    assert large <= RATIO * small, f"{name} {stage}: t(n)={small:.3f}s t(2n)={large:.3f}s"


def _lint_cli(tmp_path: Path, edits: tuple[Edit, ...], timeout: float = 60) -> tuple[int, str]:
    write_docs(tmp_path, edits)
    run = codegen_cli(["lint", "docs"], cwd=tmp_path, timeout=timeout)
    return run.code, run.out + run.err


CLI_KINDS = sorted(name for name, kind in KINDS.items() if kind.cli is not None)


@pytest.mark.parametrize("name", CLI_KINDS)
def test_cli_lint_finishes(name: str, tmp_path: Path) -> None:
    """The CLI on the page set that hung it: findings (1), none (0) or a refusal naming the
    page (2), never an internal error (3), well within the timeout."""
    kind = KINDS[name]
    assert kind.cli is not None
    start = time.perf_counter()
    code, output = _lint_cli(tmp_path, kind.edits(kind.cli))
    assert code in (0, 1, 2), output[-2000:]
    if code == 2:
        assert "docs/" in output
    assert time.perf_counter() - start < 30


def _alias_page() -> tuple[Edit, ...]:
    front = f'description: "Get widget."\n{BILLION_LAUGHS}'
    return ((G, 'description: "Get widget."', front.rstrip("\n")),)


def test_yaml_aliases_are_refused_at_their_line() -> None:
    text = f"---\ntitle: x\n{BILLION_LAUGHS}---\n# T\n"
    page = parse_text(text, "api/x.md").page
    assert page is not None and page.front_matter == {}
    [refused] = [d for d in page.diagnostics if d.rule == "front-matter-refused"]
    assert refused.source.line == 3 and "anchor (&a)" in refused.message


def test_yaml_alias_bomb_stays_small(tmp_path: Path) -> None:
    """A 608-byte alias bomb took lint 54 s and 2.3 GB (and generate exit 3, MemoryError): the
    CLI now reports this one (414 bytes, 9**9 once expanded) under an address-space limit of
    1 GB, in seconds."""
    write_docs(tmp_path, _alias_page())
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH")) if p
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "lint", "docs"],
        cwd=tmp_path,
        env=env,
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "docs/api/widget-get.md" in done.stdout and "front matter not read" in done.stdout
    assert time.perf_counter() - start < 30


def test_zero_width_characters_do_not_cut_names(tmp_path: Path) -> None:
    edits = ((W, "|displayName|String|", "|display\u200bName|Str\ufeffing|"),)
    root = _docs(tmp_path / "docs-set", edits)
    model = parse_docs([root / "docs"], root)
    widget = model.type("microsoft.graph.widget")
    assert widget is not None
    prop = next(p for p in widget.properties if p.name.startswith("display"))
    assert prop.name == "displayName" and prop.type is not None and prop.type.name == "Edm.String"
    findings = lint_docs(LintOptions(paths=(root / "docs",), root=root)).findings
    assert {f.rule for f in findings} == {"name-zero-width"}, [str(f) for f in findings]
