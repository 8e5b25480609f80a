"""The README's usage example runs as written against a loopback Graph (sync part)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT
from tests.support import LoopbackServer, Reply

SESSIONS = "/beta/dataClassification/exactMatchDataStores/store-1/sessions"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    yield srv
    srv.close()


def _sync_example() -> str:
    block = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert block is not None
    code = block.group(1)
    return code[: code.index("async with")] + code[code.index("validate(") :]


def test_readme_example_runs(server: LoopbackServer) -> None:
    session = {"@odata.type": "#microsoft.graph.exactMatchSession", "id": "s-1", "state": "ready"}
    server.route("GET", SESSIONS, Reply(body={"value": [session]}))
    server.route("POST", SESSIONS, Reply(201, session))
    server.route("PATCH", SESSIONS + "/s-1", Reply(204))
    server.route("POST", SESSIONS + "/s-1/commit", Reply(204))
    server.route("GET", SESSIONS + "/s-1/uploadAgent", Reply(body={"id": "agent-1"}))
    code = _sync_example().replace(
        'GraphClient(token="...")', f'GraphClient("{server.url}/beta", token="t")'
    )
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        env: dict[str, object] = {
            "store_id": "store-1",
            "body": {"state": "x"},
            "print": lambda *a: None,
        }
        exec(compile(code, "README.md", "exec"), env)  # noqa: S102 - our own README
    finally:
        sys.path.remove(str(ROOT / "generated"))
    assert [(s.method, s.bare_path) for s in server.seen] == [
        ("GET", SESSIONS),
        ("POST", SESSIONS),
        ("PATCH", SESSIONS + "/s-1"),
        ("POST", SESSIONS + "/s-1/commit"),
        ("GET", SESSIONS + "/s-1/uploadAgent"),
    ]
    assert server.seen[0].query == {"$select": "id,state", "$top": "50"}
    assert server.seen[1].json() == {"fileName": "rows.csv", "fields": ["email"]}
    assert server.seen[2].json() == {"state": None}
    assert type(env["agent"]).__name__ == "ExactMatchUploadAgent"
