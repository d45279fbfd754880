"""Settings come from the environment, with embedded defaults for a newcomer."""

import pytest
from pydantic import ValidationError

from xplorium.config import PROJECT_ROOT, Settings


def settings_from(monkeypatch, **env: str) -> Settings:
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None)


def test_with_nothing_set_the_app_runs_on_sqlite_without_redis(monkeypatch):
    settings = settings_from(monkeypatch)
    assert settings.database_url == f"sqlite:///{PROJECT_ROOT / 'xplorium.db'}"
    assert settings.is_sqlite
    assert settings.redis_url is None


def test_postgres_urls_use_psycopg_3(monkeypatch):
    for url in ("postgresql://u@db/x", "postgres://u@db/x", "postgresql+psycopg://u@db/x"):
        assert settings_from(monkeypatch, DATABASE_URL=url).database_url == "postgresql+psycopg://u@db/x"


def test_an_empty_redis_url_means_no_redis(monkeypatch):
    assert settings_from(monkeypatch, REDIS_URL="").redis_url is None


def test_production_refuses_the_development_secret(monkeypatch):
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        settings_from(monkeypatch, ENVIRONMENT="production")
    settings = settings_from(monkeypatch, ENVIRONMENT="production", SECRET_KEY="a-long-production-secret")
    assert settings.secret_key == "a-long-production-secret"
