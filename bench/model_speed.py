"""Decode and encode exactMatchSession payloads with the generated models and, in the same run,
with a hand-written pydantic v2 model of the same shape.

    python bench/model_speed.py [COUNT]

The payloads are the update page's response example with ids, numbers and timestamps varied.
Decoding is ``from_dict(json.loads(raw))`` against ``model_validate_json(raw)``; encoding is
``json.dumps(obj.to_dict())`` against ``model_dump_json(by_alias=True, exclude_unset=True)``.
Prints both times and their ratio (target: generated <= 2.0 x pydantic, both ways).
"""

from __future__ import annotations

import copy
import datetime
import gc
import json
import random
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "generated"))

from graph_client.models import ExactMatchSession

from codegen.api import parse_docs

TARGET = 2.0
ROUNDS = 11


class _Wire(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    odata_type: str | None = Field(None, alias="@odata.type")


class PClassifcationErrorBase(_Wire):
    pass


class PClassificationInnerError(_Wire):
    error_date_time: datetime.datetime | None = Field(None, alias="errorDateTime")
    client_request_id: str | None = Field(None, alias="clientRequestId")
    activity_id: str | None = Field(None, alias="activityId")


class PClassificationError(_Wire):
    code: str | None = None
    message: str | None = None
    target: str | None = None
    inner_error: PClassificationInnerError | None = Field(None, alias="innerError")
    details: list[PClassifcationErrorBase] | None = None


class PExactMatchSession(_Wire):
    id: str | None = None
    completion_date_time: datetime.datetime | None = Field(None, alias="completionDateTime")
    creation_date_time: datetime.datetime | None = Field(None, alias="creationDateTime")
    error: PClassificationError | None = None
    last_updated_date_time: datetime.datetime | None = Field(None, alias="lastUpdatedDateTime")
    start_date_time: datetime.datetime | None = Field(None, alias="startDateTime")
    datastore_id: str | None = Field(None, alias="datastoreId")
    processing_completion_date_time: datetime.datetime | None = Field(
        None, alias="processingCompletionDateTime"
    )
    remaining_block_count: int | None = Field(None, alias="remainingBlockCount")
    remaining_job_count: int | None = Field(None, alias="remainingJobCount")
    state: str | None = None
    total_block_count: int | None = Field(None, alias="totalBlockCount")
    total_job_count: int | None = Field(None, alias="totalJobCount")
    upload_completion_date_time: datetime.datetime | None = Field(
        None, alias="uploadCompletionDateTime"
    )
    checksum: str | None = None
    data_upload_uri: str | None = Field(None, alias="dataUploadURI")
    fields: list[str] | None = None
    file_name: str | None = Field(None, alias="fileName")
    rows_per_block: int | None = Field(None, alias="rowsPerBlock")
    upload_agent_id: str | None = Field(None, alias="uploadAgentId")
    salt: str | None = None


def seed_body() -> dict[str, Any]:
    """The update page's response example, found through the IR."""
    model = parse_docs([ROOT / "spec" / "docs"])
    op = model.operation("exactmatchsession-update")
    assert op is not None and op.examples and op.examples[0].response is not None
    body = op.examples[0].response.body
    assert isinstance(body, dict)
    return body


def payloads(count: int) -> list[str]:
    """``count`` JSON texts: the seed body with ids, numbers and timestamps varied."""
    seed = seed_body()
    rng = random.Random(20240101)
    start = datetime.datetime(2017, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
    out = []
    for _ in range(count):
        body = copy.deepcopy(seed)
        body["id"] = str(uuid.UUID(int=rng.getrandbits(128)))
        for key, value in body.items():
            if isinstance(value, int):
                body[key] = rng.randrange(0, 100_000)
            elif key.endswith("DateTime"):
                moment = start + datetime.timedelta(seconds=rng.uniform(0, 3e7))
                ticks = rng.randrange(10_000_000)
                body[key] = moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{ticks:07d}+03:00"
        body["error"]["innerError"]["clientRequestId"] = str(uuid.UUID(int=rng.getrandbits(128)))
        body["fields"] = [f"field{i}" for i in range(rng.randrange(1, 6))]
        out.append(json.dumps(body))
    return out


def timed(runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best wall time of each run over ROUNDS rounds; the runs take turns within a round so
    that both sides see the same machine load.  Garbage collection is off while timing."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(ROUNDS):
        for name, run in runs.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                run()
                best[name] = min(best[name], time.perf_counter() - start)
            finally:
                gc.enable()
    return best


def report(what: str, ours: float, theirs: float, count: int) -> float:
    ratio = ours / theirs
    verdict = "ok" if ratio <= TARGET else "SLOWER THAN TARGET"
    print(f"{what}:")
    print(f"  generated: {ours * 1e3:8.2f} ms  ({ours / count * 1e6:.2f} us/payload)")
    print(f"  pydantic:  {theirs * 1e3:8.2f} ms  ({theirs / count * 1e6:.2f} us/payload)")
    print(f"  ratio: {ratio:.2f} (target <= {TARGET}) {verdict}")
    return ratio


def main() -> None:
    """Build the payloads, check both sides agree, time decoding and encoding."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    texts = payloads(count)

    ours = [ExactMatchSession.from_dict(json.loads(t)) for t in texts]
    theirs = [PExactMatchSession.model_validate_json(t) for t in texts]
    for a, b, text in zip(ours, theirs, texts, strict=True):  # same data both ways
        assert a.to_dict() == b.model_dump(mode="json", by_alias=True, exclude_unset=True), text
        assert json.loads(json.dumps(a.to_dict())) == json.loads(
            b.model_dump_json(by_alias=True, exclude_unset=True)
        )

    t = timed(
        {
            "decode_ours": lambda: [ExactMatchSession.from_dict(json.loads(x)) for x in texts],
            "decode_theirs": lambda: [PExactMatchSession.model_validate_json(x) for x in texts],
            "decode_dict": lambda: [
                PExactMatchSession.model_validate(json.loads(x)) for x in texts
            ],
            "encode_ours": lambda: [json.dumps(o.to_dict()) for o in ours],
            "encode_theirs": lambda: [
                m.model_dump_json(by_alias=True, exclude_unset=True) for m in theirs
            ],
        }
    )
    decode_ours, decode_theirs, decode_dict = t["decode_ours"], t["decode_theirs"], t["decode_dict"]
    encode_ours, encode_theirs = t["encode_ours"], t["encode_theirs"]

    print(
        f"payloads: {count} exactMatchSession bodies, {sum(map(len, texts)) / count:.0f} bytes avg"
    )
    r1 = report(
        "decode: from_dict(json.loads(raw)) vs model_validate_json(raw)",
        decode_ours,
        decode_theirs,
        count,
    )
    print(f"  (pydantic model_validate(json.loads(raw)): {decode_dict * 1e3:.2f} ms)")
    r2 = report(
        "encode: json.dumps(to_dict()) vs model_dump_json(by_alias=True, exclude_unset=True)",
        encode_ours,
        encode_theirs,
        count,
    )
    sys.exit(0 if max(r1, r2) <= TARGET else 1)


if __name__ == "__main__":
    main()
