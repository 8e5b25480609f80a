"""Every code block of the README runs as written (issue 16, item 6): Python blocks in a
subprocess against a loopback Graph, shell blocks as CLI calls on the seeds (the corpus ones
behind the corpus marker), the pre-commit and hatch snippets through the checks they name. A
block that no test here runs fails ``test_every_block_is_run``."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from codegen import __version__
from tests.conftest import CORPUS, DOCS, ROOT, SHARED, needs_corpus
from tests.support import LoopbackServer, Reply, codegen_cli

SESSIONS = "/beta/dataClassification/exactMatchDataStores/store-1/sessions"
FENCE = re.compile(r"^( *)```(\w+)\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    lang: str
    code: str
    line: int

    @property
    def first(self) -> str:
        return self.code.splitlines()[0]


def _blocks() -> list[Block]:
    text = (ROOT / "README.md").read_text()
    out = []
    for match in FENCE.finditer(text):
        indent = len(match.group(1))
        code = "".join(line[indent:] + "\n" for line in match.group(3).splitlines())
        out.append(Block(match.group(2), code, text[: match.start()].count("\n") + 1))
    return out


# Each kind of block the README has, told by its language and first line, and the test that runs it.
KINDS = {
    ("sh", "pip install -e '.[dev]' && codegen generate"): "test_setup_block",
    ("python", "import asyncio"): "test_usage_block_runs_against_a_loopback_graph",
    ("python", "import os"): "test_retry_block_runs",
    ("sh", "codegen generate ../shared/corpus"): "test_slices_block_on_the_corpus",
    ("sh", "python bench/docs_examples.py spec/docs"): "test_docs_examples_block",
    ("yaml", "repos:"): "test_pre_commit_snippet",
    ("toml", "[build-system]"): "test_hatch_snippet",
    ("yaml", "jobs:"): "test_github_actions_recipe",
}


def _kind(block: Block) -> str | None:
    return next(
        (
            test
            for (lang, start), test in KINDS.items()
            if block.lang == lang and block.first.startswith(start)
        ),
        None,
    )


def _block(test: str) -> Block:
    [block] = [b for b in _blocks() if _kind(b) == test]
    return block


def test_every_block_is_run() -> None:
    blocks = _blocks()
    assert len(blocks) >= len(KINDS)
    unrun = [f"README.md:{b.line} ({b.lang}: {b.first})" for b in blocks if _kind(b) is None]
    assert not unrun, "README blocks no test runs: " + "; ".join(unrun)
    assert len({_kind(b) for b in blocks}) == len(blocks) == len(KINDS)


def _commands(block: Block) -> list[list[str]]:
    """The shell block's commands: continuation lines joined, comments dropped, ``&&`` split."""
    joined = block.code.replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        for part in " ".join(shlex.split(line, comments=True)).split(" && "):
            if part.strip():
                commands.append(shlex.split(part))
    return commands


def _copy_project(where: Path) -> Path:
    """The project's own settings and docs in ``where/main``, with ../shared beside it."""
    main = where / "main"
    main.mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", main)
    shutil.copytree(DOCS, main / "spec" / "docs")
    if SHARED.is_dir():
        (where / "shared").symlink_to(SHARED.resolve(), target_is_directory=True)
    return main


def test_setup_block(tmp_path: Path) -> None:
    """The set-up line installs and runs the main job; the install is what .ci/run does and the
    test line is what it runs, so only ``codegen generate`` is run here (in a copy)."""
    commands = _commands(_block("test_setup_block"))
    assert commands == [
        ["pip", "install", "-e", ".[dev]"],
        ["codegen", "generate"],
        ["python", "-m", "pytest"],
    ]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet -e '.[dev]'" in ci and "\npython -m pytest " in ci
    main = _copy_project(tmp_path)
    run = codegen_cli(commands[1][1:], cwd=main)
    assert run.code == 0, run.err
    assert run.out.startswith("generated/graph_client: ")
    for path in sorted((ROOT / "generated" / "graph_client").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(ROOT)
            assert (main / rel).read_bytes() == path.read_bytes(), rel


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    yield srv
    srv.close()


def _run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT / "generated"), **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_usage_block_runs_against_a_loopback_graph(server: LoopbackServer) -> None:
    session = {"@odata.type": "#microsoft.graph.exactMatchSession", "id": "s-1", "state": "ready"}
    server.route("GET", SESSIONS, Reply(body={"value": [session]}))
    server.route("POST", SESSIONS, Reply(201, session))
    server.route("PATCH", SESSIONS + "/s-1", Reply(204))
    server.route("POST", SESSIONS + "/s-1/commit", Reply(204))
    server.route("GET", SESSIONS + "/s-1/uploadAgent", Reply(body={"id": "agent-1"}))
    server.route("GET", SESSIONS + "/s-1", Reply(body=session))
    block = _block("test_usage_block_runs_against_a_loopback_graph")
    base = f"{server.url}/beta"
    run = _run_python(block.code, GRAPH_BASE_URL=base, GRAPH_TOKEN="t0ken-secret")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"GraphClient(base_url={base!r})"
    assert "t0ken-secret" not in run.stdout + run.stderr
    assert lines[1].startswith("s-1 ready ")  # creation_date_time was not sent: UNSET
    assert lines[2] == "ready"  # the async part
    # the printed issues are the ones the comment under the call shows
    shown = block.code.split("print(validate(", 1)[1].splitlines()[1]
    assert shown.startswith("# ") and lines[3] == shown[2:]
    assert [(s.method, s.bare_path) for s in server.seen] == [
        ("GET", SESSIONS),
        ("POST", SESSIONS),
        ("PATCH", SESSIONS + "/s-1"),
        ("POST", SESSIONS + "/s-1/commit"),
        ("GET", SESSIONS + "/s-1/uploadAgent"),
        ("GET", SESSIONS + "/s-1"),
    ]
    assert server.seen[0].query == {"$select": "id,state", "$top": "50"}
    assert server.seen[1].json() == {"fileName": "rows.csv", "fields": ["email"]}
    assert server.seen[2].json() == {"state": None}
    assert server.seen[2].headers["if-match"] == "*"  # headers= reaches the wire as given
    assert {s.headers["authorization"] for s in server.seen} == {"Bearer t0ken-secret"}


def test_retry_block_runs() -> None:
    run = _run_python(_block("test_retry_block_runs").code, GRAPH_TOKEN="t")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("RetryPolicy(max_retries=3, budget=180.0, backoff=0.5")


@pytest.mark.corpus
@needs_corpus()
def test_slices_block_on_the_corpus(tmp_path: Path) -> None:
    """Run from the project root as written: two packages in one folder, both kept."""
    commands = _commands(_block("test_slices_block_on_the_corpus"))
    assert len(commands) == 2 and CORPUS.is_dir()
    main = _copy_project(tmp_path)
    packages = []
    for command in commands:
        assert command[0] == "codegen"
        run = codegen_cli(command[1:], cwd=main, timeout=600)
        assert run.code == 0, run.err
        packages.append(command[command.index("--package") + 1])
        snapshot = {p: p.read_bytes() for p in (main / "out" / packages[0]).rglob("*.py")}
    assert sorted(p.name for p in (main / "out").iterdir()) == sorted(packages)
    assert snapshot == {p: p.read_bytes() for p in (main / "out" / packages[0]).rglob("*.py")}
    assert not (main / "generated").exists()  # the project's own package is not touched


def test_docs_examples_block(tmp_path: Path) -> None:
    """The conformance bench as written, from a copy of the project (it writes report.json)."""
    [command] = _commands(_block("test_docs_examples_block"))
    main = _copy_project(tmp_path)
    shutil.copytree(ROOT / "bench", main / "bench")
    (main / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "support.py", main / "tests")
    run = subprocess.run(
        [sys.executable if command[0] == "python" else command[0], *command[1:]],
        cwd=main,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "requests reproduced" in run.stdout and "passed, or failed where lint" in run.stdout
    report = json.loads((main / "report.json").read_text())
    assert report["summary"]["stages"]["request"]["pass"] >= 1
    assert {a["stage"] for a in report["attribution"]["failures"]} >= {"request"}


def test_pre_commit_snippet() -> None:
    config = yaml.safe_load(_block("test_pre_commit_snippet").code)
    [repo] = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    ours = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert {h["id"] for h in repo["hooks"]} <= ours


def test_hatch_snippet(tmp_path: Path) -> None:
    from codegen.hatch_hook import generate_for_build

    config = tomllib.loads(_block("test_hatch_snippet").code)
    assert f"graph-docs-codegen=={__version__}" in config["build-system"]["requires"]
    table = config["tool"]["hatch"]["build"]["hooks"]["graph-docs-codegen"]
    for docs in table["docs"]:
        shutil.copytree(DOCS, tmp_path / docs)
    written = generate_for_build(tmp_path, table)
    package = table["package"]
    assert f"{package}/client.py" in written
    assert (tmp_path / table["out"] / package / "client.py").is_file()


def _pull_request(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A checkout of a pull request to the seeds: origin/main is the base; and the environment
    the runner gives a step, with ``codegen`` on PATH."""
    repo = tmp_path / "repo"
    shutil.copytree(DOCS, repo / "spec" / "docs")
    (repo / "pyproject.toml").write_text('[tool.codegen]\ndocs = ["spec/docs"]\n')
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "."],
        ["commit", "-qm", "seeds"],
        ["update-ref", "refs/remotes/origin/main", "HEAD"],
    ):
        subprocess.run([*git, *args], cwd=repo, check=True, capture_output=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "codegen"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m codegen "$@"\n')
    shim.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    return repo, env


def test_github_actions_recipe(tmp_path: Path) -> None:
    """The README's workflow job: the diff step's commands run as the runner runs a step
    (bash -eo pipefail) in a pull request's checkout of the seeds: the markdown summary, the
    annotations, exit 1 on a breaking change and 0 on a reworded one."""
    job = yaml.safe_load(_block("test_github_actions_recipe").code)["jobs"]["api-diff"]
    install = next(step["run"] for step in job["steps"] if "pip install" in step.get("run", ""))
    assert f"@v{__version__}" in install
    [step] = [s for s in job["steps"] if s.get("name") == "what the docs change does to the API"]
    repo, env = _pull_request(tmp_path)
    page = repo / "spec" / "docs" / "resources" / "exactmatchsession.md"
    original = page.read_text()
    row = "|uploadAgent|[exactMatchUploadAgent](../resources/exactMatchUploadAgent.md)||\n"
    assert row in original
    page.write_text(original.replace(row, ""))
    bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
    run = subprocess.run(
        bash, cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 1, run.stderr
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("## codegen diff: origin/main (")
    assert "| navigation-removed | exactMatchSession.uploadAgent removed" in summary
    annotations = run.stdout.splitlines()
    assert (
        "::error file=spec/docs/resources/exactmatchsession.md,line=12,title=navigation-removed::"
        "exactMatchSession.uploadAgent removed (was microsoft.graph.exactMatchUploadAgent) (old: "
        "origin/main:spec/docs/resources/exactmatchsession.md:57) — generated package: "
        "- ExactMatchSession.upload_agent"
    ) in annotations
    assert all(line.startswith("::error file=spec/docs/") for line in annotations), annotations
    page.write_text(original.replace("Here is a JSON representation", "A JSON representation"))
    run = subprocess.run(
        bash, cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert (run.returncode, run.stdout) == (0, ""), run.stderr


def test_pre_commit_diff_hook(tmp_path: Path) -> None:
    """The codegen-diff hook's entry, run as pre-commit runs it (no file names) on staged
    docs: exit 1 on a breaking change."""
    [hook] = [
        h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
        if h["id"] == "codegen-diff"
    ]
    assert hook["pass_filenames"] is False
    repo, env = _pull_request(tmp_path)
    page = repo / "spec" / "docs" / "resources" / "exactmatchsession.md"
    page.write_text(page.read_text().replace("|uploadAgentId|String||", "|uploadAgentId|Int32||"))
    run = subprocess.run(
        shlex.split(hook["entry"]),
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "breaking [property-type-changed] exactMatchSession.uploadAgentId" in run.stdout
