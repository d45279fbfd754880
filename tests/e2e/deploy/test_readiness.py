"""An instance that loses PostgreSQL says it is not ready (a balancer takes it out), stays
alive (no restart would help), and is ready again once the database is back."""

import pytest

from tests.support.deployment import Instance
from tests.support.own_postgres import OwnPostgres


@pytest.fixture
def own_postgres():
    server = OwnPostgres().start()
    yield server
    server.close()


def test_readiness_follows_the_instances_database(clean, own_postgres):
    url = own_postgres.database("xp_ready")
    instance = Instance("127.0.0.1", {"DATABASE_URL": url}).start()  # starts once it is ready
    try:
        own_postgres.stop()
        assert instance.ready() == 503
        with instance.client() as client:
            assert client.get("/api/ready").json()["failing"] == ["database"]
            assert client.get("/api/live").status_code == 200

        own_postgres.start()
        assert instance.ready() == 200
    finally:
        instance.stop()
