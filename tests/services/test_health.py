"""GET /api/health: 200 when the database and Redis answer, 503 naming the part that does not."""

import pytest

from tests.support.asgi import Client
from xplorium import db
from xplorium.services import health
from xplorium.services.redis_client import connect


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def database_down(clean):
    # Nothing listens on port 1: the database URL points nowhere.
    unreachable = db.make_engine("postgresql+psycopg://postgres@127.0.0.1:1/xplorium")
    previous = db.set_engine(unreachable)
    yield
    db.set_engine(previous)
    unreachable.dispose()


def test_healthy_when_database_and_redis_answer(clean, client):
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "redis", "jobs"}
    for check in body["checks"].values():
        assert check["status"] == "ok"
    for name in ("database", "redis"):
        assert body["checks"][name]["latency_ms"] >= 0
    assert response.headers["cache-control"] == "no-store"


def test_503_names_the_database_when_it_is_unreachable(database_down, client):
    response = client.get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    # The queue lives in the database: it cannot be read either.
    assert body["failing"] == ["database", "jobs"]
    assert body["checks"]["database"]["status"].startswith("error")
    assert body["checks"]["redis"]["status"] == "ok"
    # An error class name at most: no stack trace, no connection string.
    assert "Traceback" not in response.text
    assert "postgres@" not in response.text


def test_503_names_redis_when_it_is_unreachable(clean, client, monkeypatch):
    monkeypatch.setattr(health, "get_redis", lambda: connect("redis://127.0.0.1:1/0"))
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"]


def test_without_redis_configured_only_the_database_is_checked(clean, client, monkeypatch):
    monkeypatch.setattr(health, "get_redis", lambda: None)
    response = client.get("/api/health")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "jobs"}


def test_health_answers_get_only(client):
    assert client.post("/api/health").status_code == 405


# Liveness and readiness, for the proxy (docs/DEPLOY.md).


def test_live_answers_without_touching_the_database(database_down, client):
    response = client.get("/api/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_ready_when_database_and_redis_answer(clean, client):
    response = client.get("/api/ready")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "redis"}


def test_not_ready_without_the_database(database_down, client):
    response = client.get("/api/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert "postgres@" not in response.text


def test_not_ready_without_redis(clean, client, monkeypatch):
    monkeypatch.setattr(health, "get_redis", lambda: connect("redis://127.0.0.1:1/0"))
    response = client.get("/api/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"]


def test_a_stalled_queue_does_not_take_an_instance_out_of_rotation(clean, client, monkeypatch):
    # Another instance could not run the jobs either: only /api/health reports the queue.
    monkeypatch.setattr(health.job_queue, "figures", lambda: {"stalled": 1})
    assert client.get("/api/health").status_code == 503
    assert client.get("/api/ready").status_code == 200


def test_monitors_are_not_rate_limited(clean, client):
    from xplorium.constants import GENERAL_LIMIT

    limit, _window = GENERAL_LIMIT
    for path in ("/api/live", "/api/ready"):
        assert all(client.get(path).status_code == 200 for _ in range(limit + 1))
