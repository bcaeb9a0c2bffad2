"""The API against its own contract: schemathesis generates requests from /openapi.json for every
operation; no answer may be a 500, every answer must match its documented status codes, content
type and schema, and writes must refuse a missing or wrong token.

The app runs over a small temporary store (the hand-made documents of test_serve.py) with a stand-in
analyser, so POST /api/documents is about HTTP, not NLP. Bounded: a few dozen examples per operation.
"""
from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (content_type_conformance, not_a_server_error,  # noqa: E402
                                 response_schema_conformance, status_code_conformance)

from khronika.serve import create_app  # noqa: E402
from khronika.serve.security import AuthThrottle  # noqa: E402

from test_serve import TOKEN, FakeAnalyzer, fill, hand_docs, many_docs  # noqa: E402

_FOLDER = tempfile.mkdtemp(prefix="khronika-contract-")  # the schema is loaded at import: no fixture yet
atexit.register(shutil.rmtree, _FOLDER, True)
_DB = str(Path(_FOLDER) / "contract.db")
fill(_DB, hand_docs() + many_docs(12))
APP = create_app(_DB, TOKEN, None, analyzer_factory=FakeAnalyzer)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
FAST = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@SCHEMA.parametrize()
@FAST
def test_every_operation_keeps_its_contract(case: Any) -> None:
    APP.state.khronika.auth = AuthThrottle()  # the right token is sent: nothing to throttle
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)


@SCHEMA.include(method=["POST", "DELETE"]).parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_writes_need_the_token(case: Any) -> None:
    if case.method.upper() != case.operation.method.upper():
        return  # schemathesis also probes other methods on these paths (405: fine, checked above)
    APP.state.khronika.auth = AuthThrottle()
    r = case.call()
    if r.status_code in (400, 422):
        # FastAPI reads a body before it runs dependencies: one that is not JSON is refused first
        # (nothing is stored either way).
        assert not _json_object(case.body), (r.status_code, case.as_curl_command()[:300])
    else:
        assert r.status_code == 401, (r.status_code, case.as_curl_command()[:300])
    wrong = case.call(headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 403 or (wrong.status_code in (400, 422) and not _json_object(case.body))


def _json_object(body: Any) -> bool:
    if isinstance(body, dict):
        return True
    try:
        return isinstance(json.loads(body), dict)
    except (TypeError, ValueError):
        return False
