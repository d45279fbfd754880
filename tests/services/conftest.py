"""Fixtures the service tests share with the jobs tests (the SMTP sink)."""

from tests.jobs.conftest import sink  # noqa: F401 - fixture
