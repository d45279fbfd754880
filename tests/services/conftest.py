"""The published test catalog and an admin's context, for the services' tests."""

from tests.services.bookings.conftest import admin_ctx  # noqa: F401 - fixture
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
