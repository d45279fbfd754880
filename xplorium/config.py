"""Runtime settings, read once from the environment (and a `.env` file in development)."""

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from xplorium.constants import BOARD_KEEPALIVE_SECONDS_DEFAULT

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# Token hashes are keyed with SECRET_KEY; this default is public, so production refuses it.
DEVELOPMENT_SECRET_KEY = "dev-only-change-me"  # noqa: S105 - public by design, refused in production


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'xplorium.db'}"
    redis_url: str | None = None
    # Namespaces this app's keys, so several instances (or test runs) can share one Redis.
    redis_prefix: str = "xp:"
    secret_key: str = Field(default=DEVELOPMENT_SECRET_KEY, min_length=16)
    public_base_url: str = "http://localhost:3000"
    environment: str = "development"
    # Comma-separated lists. Origins (scheme://host[:port]) that may call the app with the
    # browser's cookies besides PUBLIC_BASE_URL's own; host names (host[:port]) it answers
    # besides PUBLIC_BASE_URL's; reverse proxies (addresses or networks) whose
    # X-Forwarded-For header names the real client.
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = ()
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = ()
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    # ADMIN accounts must sign in with a second factor too (SUPER_ADMIN always must).
    admin_two_factor_required: bool = False

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "Xplorium <no-reply@xplorium.rs>"

    # Seconds between the keep-alive events of an open back-office tab (live board). Kept
    # below a third of Reflex's Redis state expiry at runtime (see xplorium/live.py).
    board_keepalive_seconds: int = Field(default=BOARD_KEEPALIVE_SECONDS_DEFAULT, ge=1)

    # Background jobs (xplorium/jobs). The app process runs a worker unless told not to, so
    # `./run` is one command; production may run `python -m xplorium.worker` instead or as well.
    jobs_worker_in_app: bool = True
    # Off: scheduled tasks (reminders, summaries, sweeps) are not queued on their own (tests).
    jobs_periodic: bool = True
    jobs_concurrency: int = Field(default=2, ge=1)
    # Failed attempts wait exponent ** attempt seconds (5, 25, 125, ...) up to max attempts.
    jobs_retry_exponent: int = Field(default=5, ge=1)
    jobs_max_attempts: int = Field(default=6, ge=1)
    # A worker sends a heartbeat this often; one silent for jobs_stalled_seconds is presumed
    # dead and its running jobs are run again.
    jobs_heartbeat_seconds: float = Field(default=10, gt=0)
    jobs_stalled_seconds: float = Field(default=30, gt=0)
    # GET /api/health turns 503 when a job ready to run has waited longer than this.
    jobs_stall_alarm_seconds: int = Field(default=300, ge=1)
    # GET /metrics answers a scraper that sends "Authorization: Bearer <this>"; when empty,
    # only a client on this machine that did not come through a proxy.
    metrics_token: str = ""
    # Venue-local times ("HH:MM") of the day-before reminders and the managers' daily summary.
    reminder_time: str = Field(default="18:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    daily_summary_time: str = Field(default="07:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

    # The super admin `python -m xplorium.demo` creates (no password: one is generated).
    xp_admin_email: str | None = None
    xp_admin_password: str | None = None

    log_level: str = "INFO"
    log_json: bool = False
    # > 0: each backend worker logs how late its event loop ran a 10 ms timer, every this
    # many seconds (`loop_lag`; the bench reads it). Off in normal use.
    loop_probe_seconds: float = 0.0
    # The bench's framework floor (bench/floor.py): a raw booking handler. Never in normal use.
    bench_floor: bool = False

    @field_validator("database_url")
    @classmethod
    def _psycopg3_driver(cls, url: str) -> str:
        # Plain postgres URLs would pick psycopg2, which is not installed.
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @field_validator("redis_url", "xp_admin_email", "xp_admin_password")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("allowed_origins", "allowed_hosts", "trusted_proxies", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _origins_have_no_path(cls, origins: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_origin_of(origin) for origin in origins)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, proxies: tuple[str, ...]) -> tuple[str, ...]:
        for proxy in proxies:
            ipaddress.ip_network(proxy, strict=False)  # raises ValueError for a typo
        return proxies

    @model_validator(mode="after")
    def _production_checks(self) -> "Settings":
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET_KEY:
            raise ValueError("SECRET_KEY must be set in production")
        if self.environment == "production" and not self.public_base_url.startswith("https://"):
            # The session cookie is Secure in production: over http it would never be sent back.
            raise ValueError("PUBLIC_BASE_URL must be an https:// URL in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def origins(self) -> tuple[str, ...]:
        """Every origin allowed to use the browser's cookies: the app's own first."""
        own = _origin_of(self.public_base_url)
        extra = list(self.allowed_origins)
        if not self.is_production:
            # In development the same server is reached as localhost or 127.0.0.1 alike.
            twins = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}
            parts = urlsplit(own)
            if parts.hostname in twins:
                port = f":{parts.port}" if parts.port else ""
                extra.append(f"{parts.scheme}://{twins[parts.hostname]}{port}")
        return tuple(dict.fromkeys((own, *extra)))

    @property
    def hosts(self) -> frozenset[str]:
        """Host header values the app answers (lower case, with the port when not the default)."""
        return frozenset(
            {urlsplit(origin).netloc.lower() for origin in self.origins}
            | {host.lower() for host in self.allowed_hosts}
        )


def _origin_of(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) origin: {url!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
