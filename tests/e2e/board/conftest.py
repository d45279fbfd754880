"""App servers beside the session's one for the board's browser tests: both serve the
session's production build (no second compile)."""

import pytest

# A second app server whose Reflex state expires after a few seconds in Redis, for the idle-tab
# test. It serves the session's build (no second compile) on the same port at the next loopback address; see
# tests/support/serve_build.py. Started only by the tests that ask for it.
SHORT_EXPIRY_SECONDS = 6
SHORT_KEEPALIVE_SECONDS = 2


@pytest.fixture(scope="session")
def short_expiry_server(app_server, smtp_sink):
    server = app_server.sibling(
        2,
        {
            **smtp_sink.env,
            "REFLEX_REDIS_TOKEN_EXPIRATION": str(SHORT_EXPIRY_SECONDS),
            "BOARD_KEEPALIVE_SECONDS": str(SHORT_KEEPALIVE_SECONDS),
            "GRANIAN_WORKERS": "1",
        },
    ).start()
    yield server
    server.stop()


# An app server whose Redis is the test's own (tests/support/own_redis.py), so that a test may
# kill and restart it. Same build and database as the session's server, on the loopback address after that.
@pytest.fixture(scope="module")
def own_redis_server(app_server, smtp_sink):
    from tests.support.own_redis import OwnRedis

    own_redis = OwnRedis().start()
    server = app_server.sibling(3, {**smtp_sink.env, "REDIS_URL": own_redis.url, "LOG_LEVEL": "INFO"}).start()
    server.redis = own_redis
    yield server
    server.stop()
    own_redis.close()
