import sqlalchemy as sa


def test_database_is_migrated(clean):
    with clean.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {"users", "bookings", "events", "audit_log", "alembic_version"} <= tables
