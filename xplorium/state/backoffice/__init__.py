"""States of the back-office pages: thin, role-guarded, calling services through `run`."""
