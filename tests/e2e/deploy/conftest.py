"""The site as deploy/ describes it (tests/support/deployment.py): nginx with TLS in front of
two app instances and a job worker, on this run's database, Redis and SMTP sink.

nginx serves the session's production build (the app_server fixture makes it once); the
instances run the backend only, as `xplorium@.service` does.
"""

import pytest

from tests.support.deployment import Deployment


@pytest.fixture(scope="module")
def site(app_server, smtp_sink):
    deployment = Deployment(env=smtp_sink.env).start()
    yield deployment
    deployment.stop()
