"""Fixtures the service tests share: the SMTP sink (with the jobs tests), the published test
catalog and an admin's context."""

from tests.services.bookings.conftest import admin_ctx  # noqa: F401 - fixture
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from tests.support.job_queue import sink_fixture  # noqa: F401 - fixture
