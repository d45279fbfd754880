"""The benchmark suite: `./bench/run` (python -m bench). How to run it and what it measures:
docs/PERFORMANCE.md. Modules:

    environment   a fresh database name and Redis namespace, set before xplorium is imported
    client        a tab: python-socketio AsyncClient speaking Reflex's event protocol
    parents       parents on /book (slots, the form's events, submit); admins: live boards
    scenario_*    booking submissions and the contested slot, fan-out, public pages, scale
    baseline      the same booking as one raw psycopg transaction
    queries       statements per operation, counted in-process; pgstats: server transactions
    runner        one run, start to finish; report: Markdown and docs/PERFORMANCE.md
"""
