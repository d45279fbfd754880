"""Runtime settings, read once from the environment (and a `.env` file in development)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    # Venue-local times ("HH:MM") of the day-before reminders and the managers' daily summary.
    reminder_time: str = Field(default="18:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    daily_summary_time: str = Field(default="07:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

    log_level: str = "INFO"
    log_json: bool = False

    @field_validator("database_url")
    @classmethod
    def _psycopg3_driver(cls, url: str) -> str:
        # Plain postgres URLs would pick psycopg2, which is not installed.
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @field_validator("redis_url")
    @classmethod
    def _empty_is_none(cls, url: str | None) -> str | None:
        return url or None

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> "Settings":
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET_KEY:
            raise ValueError("SECRET_KEY must be set in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
