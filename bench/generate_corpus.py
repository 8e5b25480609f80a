"""Generate the whole beta corpus and print each figure as a ratio against a plain markdown parse.

    python bench/generate_corpus.py [CORPUS_FOLDER]

Everything happens in a temporary folder with a cache folder of its own (never the user's):

- plain: ``MarkdownIt('commonmark').enable('table').parse`` of every page, timed in this run,
  the best of ``PLAIN_RUNS`` (before the cold generation, and again before the regenerations:
  this machine's speed drifts, and every figure is a ratio to it);
- cold generation (empty cache), ``codegen generate`` in a subprocess: its time / plain
  (goal <= 5), and its peak memory (goal <= 600 MB): the largest process (ru_maxrss), and the
  whole process tree, workers included (sampled proportional set size, Linux only);
- regeneration after changing one resource page's description, with the warm cache, in this
  process (``codegen.api.generate``): its time / plain (goal <= 0.3), the best of
  ``REGEN_RUNS`` (each changes another description), and how much of it is reading, parsing
  and resolving the pages;
- import of ``GraphClient`` plus one model from the whole-beta package / the same from the
  seeds-only package, each in a fresh process with bytecode compiled, best of several runs
  (goal <= 1.5).
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from codegen import api
from codegen.api import generate
from codegen.cache import ENV_DIR
from codegen.parser.docset import discover
from codegen.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared/corpus/graph-docs-2021/api-reference/beta"
SEEDS = REPO / "spec" / "docs"
PROBES = (("seedpkg", "ExactMatchSession"), ("betapkg", "User"))
CHANGED_PAGE = ("resources/user.md", "resources/group.md")  # the first one present is changed
IMPORT_RUNS = 5
PLAIN_RUNS = 2  # at each of the two points
REGEN_RUNS = 3
DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*\|")
MB = 1024 * 1024


def plain_parse(folder: Path) -> float:
    """Seconds for a plain commonmark+table parse of every page."""
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in discover([folder])]
    md = MarkdownIt("commonmark").enable("table")
    start = time.perf_counter()
    for text in texts:
        md.parse(text)
    return time.perf_counter() - start


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
    return pids


def _memory(pid: int) -> int:
    """Proportional set size of one process in bytes (its resident size when PSS is unknown)."""
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/{name}") as stream:
            for line in stream:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    return 0


def cold_generation(docs: Path, out: Path, cache: Path, cwd: Path) -> tuple[float, int, int]:
    """``codegen generate`` in a subprocess with an empty cache: (seconds, largest process's
    peak resident bytes, peak of the whole tree's proportional set size in bytes)."""
    env = {**os.environ, ENV_DIR: str(cache), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "codegen", "generate", str(docs), "--out", str(out)]
    command += ["--package", "betapkg"]
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(1.0):  # reading smaps costs CPU: not too often
            peak = max(peak, sum(_memory(p) for p in _tree(process.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if code != 0:
        sys.exit(f"cold generation failed with exit code {code}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # Linux: kB
    return elapsed, largest, peak


def change_one_page(docs: Path, run: int = 0) -> str:
    """Append a sentence (naming ``run``) to the first property description of a resource page:
    page:line."""
    for name in CHANGED_PAGE:
        page = docs / name
        if not page.is_file():
            continue
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        heading = next((i for i, t in enumerate(lines) if t.startswith("## Properties")), None)
        if heading is None:
            continue
        delimiter = next(i for i, t in enumerate(lines) if i > heading and DELIMITER.match(t))
        for number in range(delimiter + 1, len(lines)):
            cells = lines[number].rstrip("\n").strip().strip("|").split("|")
            if len(cells) >= 3 and re.search(r"[a-z]", cells[2]):
                cells[2] = cells[2].rstrip() + f" Changed for the bench ({run}). "
                lines[number] = "|" + "|".join(cells) + "|\n"
                page.write_text("".join(lines), encoding="utf-8")
                return f"{name}:{number + 1}"
    sys.exit(f"none of {', '.join(CHANGED_PAGE)} has a property table to change")


def import_time(out: Path, package: str, model: str) -> tuple[float, int]:
    """Best seconds of ``from package import GraphClient, model`` in fresh processes, and the
    peak resident bytes of the last of them (VmHWM: ru_maxrss would count the forked parent)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(out / package)], check=True)
    probe = (
        "import time\n"
        "start = time.perf_counter()\n"
        f"from {package} import GraphClient, {model}\n"
        "seconds = time.perf_counter() - start\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
        "print(seconds, int(hwm[0].split()[1]) * 1024 if hwm else 0)\n"
    )
    best, memory = float("inf"), 0
    for _ in range(IMPORT_RUNS):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=out,
            env={**os.environ, "PYTHONPATH": str(out)},
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, rss = result.stdout.split()
        best, memory = min(best, float(seconds)), int(rss)
    return best, memory


def best_plain(corpus: Path) -> float:
    """The best of ``PLAIN_RUNS`` plain parses."""
    return min(plain_parse(corpus) for _ in range(PLAIN_RUNS))


def regenerate(settings: Settings) -> tuple[float, float, list[str]]:
    """One regeneration in this process: (seconds, of which parse_docs, files rewritten)."""
    reading = 0.0
    parse = api.parse_docs

    def timed(*args: Any, **kwargs: Any) -> Any:
        nonlocal reading
        start = time.perf_counter()
        try:
            return parse(*args, **kwargs)
        finally:
            reading += time.perf_counter() - start

    api.parse_docs = timed  # the pipeline looks it up at call time
    try:
        start = time.perf_counter()
        _, written = generate(settings)
        return time.perf_counter() - start, reading, written
    finally:
        api.parse_docs = parse


def main() -> None:
    """Run every measurement and print the figures."""
    corpus = (Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT).resolve()
    pages = len(discover([corpus]))
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    )
    print(f"corpus: {corpus} ({pages} pages)")
    plain = best_plain(corpus)
    print(
        f"plain MarkdownIt('commonmark').enable('table').parse: {plain:.2f} s (best of {PLAIN_RUNS})"
    )
    with tempfile.TemporaryDirectory(prefix="codegen-bench-") as temp:
        tmp = Path(temp)
        cwd, cache, out = tmp / "work", tmp / "cache", tmp / "out"
        cwd.mkdir()
        seconds, largest, tree = cold_generation(corpus, out, cache, cwd)
        print(f"cold generation: {seconds:.1f} s = {seconds / plain:.2f} x plain (goal <= 5)")
        print(
            f"peak memory of cold generation: largest process {largest / MB:.0f} MB, "
            f"whole tree (PSS) {tree / MB:.0f} MB (goal <= 600 MB)"
        )

        again = best_plain(corpus)
        plain = min(plain, again)
        print(f"plain parse again: {again:.2f} s; best of all: {plain:.2f} s")
        docs = tmp / "docs"
        shutil.copytree(corpus, docs)
        os.environ[ENV_DIR] = str(cache)
        os.chdir(cwd)  # pages named as in the cold run: relative to the docs folder
        settings = Settings(docs=(docs,), out=out, package="betapkg")
        runs = []
        for run in range(REGEN_RUNS):
            changed = change_one_page(docs, run)
            runs.append(regenerate(settings))
        regen, reading, written = min(runs)
        print(
            f"regeneration after changing {changed} (warm cache): {regen:.1f} s = "
            f"{regen / plain:.2f} x plain (goal <= 0.3), best of "
            f"{', '.join(f'{r[0]:.1f}' for r in runs)} s; files rewritten: {', '.join(written)}"
        )
        print(f"  of which reading, parsing (warm page cache) and resolving: {reading:.1f} s")
        generate(Settings(docs=(SEEDS,), out=tmp / "seeds", package="seedpkg", cache=False))
        (seed_time, seed_rss), (beta_time, beta_rss) = (
            import_time(tmp / "seeds" if package == "seedpkg" else out, package, model)
            for package, model in PROBES
        )
        print(
            f"import GraphClient + one model: seeds {seed_time * 1000:.0f} ms "
            f"({seed_rss / MB:.0f} MB), beta {beta_time * 1000:.0f} ms ({beta_rss / MB:.0f} MB) "
            f"= {beta_time / seed_time:.2f} x (goal <= 1.5)"
        )


if __name__ == "__main__":
    main()
