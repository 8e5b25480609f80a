"""Test helpers shared by several modules: a loopback HTTP server and a temporary package."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Reply:
    """One response; ``fault`` makes it misbehave.

    Faults: ``"disconnect"`` closes the connection after reading the request, without a
    response; ``"trickle"`` sends the body one byte every ``interval`` seconds. ``raw`` is sent
    as the body bytes exactly (with the headers given, e.g. Content-Encoding: gzip).
    """

    status: int = 200
    body: Any = None  # dict/list -> JSON, str -> text/plain, None -> empty
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None
    raw: bytes | None = None
    interval: float = 0.05


@dataclass
class Seen:
    method: str
    path: str  # as sent: still percent-encoded, query included
    query: dict[str, str]  # decoded
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def bare_path(self) -> str:
        """The path without its query, still percent-encoded."""
        return urlsplit(self.path).path

    def json(self) -> Any:
        return json.loads(self.body)


class LoopbackServer:
    """A ThreadingHTTPServer on 127.0.0.1 in a thread, with a routing table and a request log.

    ``route(method, path, *replies)`` matches the raw path (query included, as sent) first,
    then the path without its query. A route with several replies gives them in turn; the
    last one repeats. Unrouted requests get a Graph-style 404.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self) -> None:
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                query = dict(parse_qsl(url.query, keep_blank_values=True))
                server.seen.append(Seen(self.command, self.path, query, headers, body))
                replies = server.routes.get((self.command, self.path)) or server.routes.get(
                    (self.command, url.path)
                )
                if replies:
                    reply = replies.pop(0) if len(replies) > 1 else replies[0]
                else:
                    reply = Reply(404, {"error": {"code": "noRoute", "message": self.path}})
                if reply.fault == "disconnect":
                    self.close_connection = True
                    return
                data, ctype = b"", None
                if reply.raw is not None:
                    data, ctype = reply.raw, "application/json"
                elif isinstance(reply.body, str):
                    data, ctype = reply.body.encode(), "text/plain; charset=utf-8"
                elif reply.body is not None:
                    data, ctype = json.dumps(reply.body).encode(), "application/json"
                self.send_response(reply.status)
                for key, value in {"Content-Type": ctype, **reply.headers}.items():
                    if value is not None:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if reply.fault != "trickle":
                    self.wfile.write(data)
                    return
                try:
                    for index in range(len(data)):
                        self.wfile.write(data[index : index + 1])
                        self.wfile.flush()
                        time.sleep(reply.interval)
                except OSError:  # the client gave up
                    self.close_connection = True

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_one

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def route(self, method: str, path: str, *replies: Reply) -> None:
        self.routes[(method, path)] = list(replies)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def import_temp_package(root: Path, files: dict[str, str], module: str) -> Iterator[ModuleType]:
    """Write ``files`` into a uniquely named package under ``root`` and import ``<pkg>.<module>``.

    ``files`` maps file names inside the package to their text; an empty ``__init__.py`` is
    added unless given. On exit the ``sys.path`` entry and every imported module of the
    package are removed again.
    """
    name = f"tmp_pkg_{uuid.uuid4().hex[:12]}"
    pkg = root / name
    pkg.mkdir()
    for filename, text in {"__init__.py": "", **files}.items():
        (pkg / filename).parent.mkdir(parents=True, exist_ok=True)
        (pkg / filename).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(f"{name}.{module}")
    finally:
        sys.path.remove(str(root))
        for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[mod]


def run_cli(args: list[str], cwd: Path, capsys: Any) -> tuple[int, str, str]:
    """``codegen ARGS`` run in ``cwd`` in this process: (exit code, stdout, stderr)."""
    from codegen.cli import main

    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(args)
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    return code, out, err


@dataclass(frozen=True)
class Run:
    """A finished ``codegen`` subprocess."""

    code: int
    out: str
    err: str


def codegen_cli(
    args: list[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    stdin: str | None = None,
) -> Run:
    """``python -m codegen ARGS`` run for real in a subprocess in ``cwd``: its exit code,
    stdout and stderr (decoded with errors replaced). ``env`` adds to the environment (the test
    session's cache folder is already in it)."""
    import subprocess

    full = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    project = str(Path(__file__).resolve().parents[1])
    full["PYTHONPATH"] = os.pathsep.join(p for p in (project, full.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=cwd,
        env=full,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)
