"""schemathesis against the OpenAPI schema: generated requests to every API operation, as an
admin (so authorisation lets them through to the handlers), never get a 500."""

from __future__ import annotations

import pytest
import schemathesis
from argon2 import PasswordHasher, profiles
from hypothesis import HealthCheck, given, settings

from neurolift.store import Store
from neurolift.store import accounts_repo as accounts


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from neurolift.web import Settings, create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite3'}"
    store = Store(url)
    saved, accounts._hasher = accounts._hasher, PasswordHasher.from_parameters(profiles.CHEAPEST)
    try:
        store.add_athlete("Ada", body_mass_kg=70, level="intermediate")
        admin = accounts.user_add(store, "admin", "correct horse battery", role="admin")
    finally:
        accounts._hasher = saved
    token, _ = accounts.token_create(store, admin.id, kind="api", name="fuzz")
    app = create_app(Settings(database_url=url, max_upload_bytes=1_000_000), store=store)
    app.state.fuzz_token = token
    yield app
    store.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzz_app)


def test_no_server_errors(api_schema, fuzz_app) -> None:
    """Each operation's generated cases (bounded: 10 each) through the in-memory ASGI app.

    schemathesis' own pytest parametrisation does not run on this pytest, so its strategies are
    driven by Hypothesis directly; the check is the same (``not_a_server_error``)."""
    headers = {"Authorization": f"Bearer {fuzz_app.state.fuzz_token}"}
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 20
    calls = 0

    for operation in operations:

        @settings(
            max_examples=10,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case) -> None:
            nonlocal calls
            response = case.call(headers=headers)
            calls += 1
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, f"{where}: {response.text[:500]}"
            if response.status_code >= 400 and response.text.startswith("{"):
                err = response.json()["error"]  # the one error shape
                assert set(err) == {"type", "message", "status"}
                assert err["status"] == response.status_code

        run()
    assert calls >= len(operations)
