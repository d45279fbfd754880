"""App servers beside the session's one for the board's browser tests: both serve the
session's production build (no second compile)."""

import pytest

# A second app server whose Reflex state expires after a few seconds in Redis, for the idle-tab
# test. It serves the session's build (no second compile) on the same port at 127.0.0.2; see
# tests/support/serve_build.py. Started only by the tests that ask for it.
SHORT_EXPIRY_SECONDS = 6
SHORT_KEEPALIVE_SECONDS = 2


@pytest.fixture(scope="session")
def short_expiry_server(app_server, smtp_sink):
    from tests.support.appserver import AppServer

    server = AppServer(
        env={
            **smtp_sink.env,
            "REFLEX_REDIS_TOKEN_EXPIRATION": str(SHORT_EXPIRY_SECONDS),
            "BOARD_KEEPALIVE_SECONDS": str(SHORT_KEEPALIVE_SECONDS),
            "GRANIAN_WORKERS": "1",
        },
        host="127.0.0.2",
        port=app_server.port,
        prebuilt=True,
    ).start()
    yield server
    server.stop()


# An app server whose Redis is the test's own (tests/support/own_redis.py), so that a test may
# kill and restart it. Same build and database as the session's server, on 127.0.0.3.
@pytest.fixture(scope="module")
def own_redis_server(app_server, smtp_sink):
    from tests.support.appserver import AppServer
    from tests.support.own_redis import OwnRedis

    own_redis = OwnRedis().start()
    server = AppServer(
        env={**smtp_sink.env, "REDIS_URL": own_redis.url, "LOG_LEVEL": "INFO"},
        host="127.0.0.3",
        port=app_server.port,
        prebuilt=True,
    ).start()
    server.redis = own_redis
    yield server
    server.stop()
    own_redis.close()
