"""Settings come from the environment, with embedded defaults for a newcomer."""

import pytest
from pydantic import ValidationError

from xplorium.config import PROJECT_ROOT, Settings


def settings_from(monkeypatch, **env: str) -> Settings:
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "ENVIRONMENT",
        "PUBLIC_BASE_URL",
        "ALLOWED_ORIGINS",
        "ALLOWED_HOSTS",
        "TRUSTED_PROXIES",
        "XP_ADMIN_EMAIL",
        "XP_ADMIN_PASSWORD",
    ):
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


def test_the_demo_admin_comes_from_the_settings(monkeypatch):
    chosen = settings_from(monkeypatch, XP_ADMIN_EMAIL="owner@xplorium.rs", XP_ADMIN_PASSWORD="Vlasnik#2026")
    assert (chosen.xp_admin_email, chosen.xp_admin_password) == ("owner@xplorium.rs", "Vlasnik#2026")
    unset = settings_from(monkeypatch, XP_ADMIN_EMAIL="", XP_ADMIN_PASSWORD="")
    assert (unset.xp_admin_email, unset.xp_admin_password) == (None, None)


def test_production_refuses_the_development_secret(monkeypatch):
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        settings_from(monkeypatch, ENVIRONMENT="production")
    settings = settings_from(
        monkeypatch,
        ENVIRONMENT="production",
        SECRET_KEY="a-long-production-secret",
        PUBLIC_BASE_URL="https://xplorium.rs",
    )
    assert settings.secret_key == "a-long-production-secret"


def test_production_refuses_an_http_public_url(monkeypatch):
    """The session cookie is Secure in production; over plain http it would be lost (or sniffed)."""
    with pytest.raises(ValidationError, match="https"):
        settings_from(
            monkeypatch,
            ENVIRONMENT="production",
            SECRET_KEY="a-long-production-secret",
            PUBLIC_BASE_URL="http://xplorium.rs",
        )


def test_allowed_origins_hosts_and_proxies_are_comma_lists(monkeypatch):
    settings = settings_from(
        monkeypatch,
        PUBLIC_BASE_URL="https://xplorium.rs/",
        ALLOWED_ORIGINS="https://www.xplorium.rs, https://Admin.xplorium.rs/",
        ALLOWED_HOSTS="internal:8080",
        TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.1",
    )
    assert settings.origins == ("https://xplorium.rs", "https://www.xplorium.rs", "https://admin.xplorium.rs")
    assert settings.hosts == {"xplorium.rs", "www.xplorium.rs", "admin.xplorium.rs", "internal:8080"}
    assert settings.trusted_proxies == ("10.0.0.0/8", "192.0.2.1")
    with pytest.raises(ValidationError):
        settings_from(monkeypatch, TRUSTED_PROXIES="10.0.0.300")
