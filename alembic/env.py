"""Alembic environment: the URL comes from settings unless a caller passes a connection."""

from alembic import context
from sqlmodel import SQLModel

import xplorium.models  # noqa: F401  (registers every table on the metadata)
from xplorium.config import settings
from xplorium.db import make_engine
from xplorium.jobs.app import QUEUE_TABLES

target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    # procrastinate's tables come from its own schema (migration 0004), not from the models.
    return not (type_ == "table" and name in QUEUE_TABLES)


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = context.config.get_main_option("sqlalchemy.url") or settings.database_url
    with make_engine(url).connect() as conn:
        run_migrations(conn)
