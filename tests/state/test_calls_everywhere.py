"""State code reaches services one way: `await call(service.function, ...)`.

Reflex runs a sync handler inline on the worker's event loop, where one slow query stalls
every socket of that worker; `call` (xplorium/state/calls.py) runs the service in a worker
thread and turns its errors into a Result. Read from the source of every state class in
xplorium/state: no `run()`, and no service function called other than through `call`.
(Module-level functions are the guard's own machinery, run in a thread by `require_roles`.)
"""

import ast
from pathlib import Path

from xplorium.config import PROJECT_ROOT

STATE_DIR = PROJECT_ROOT / "xplorium" / "state"
# Pure helpers of service modules (no I/O), allowed anywhere.
PURE = {
    "backup.backup_tables",
    "quotes.parse_type",
    "rules.guest_limits",
    "loyalty.tier_for",
    "dashboard.rsd",
    "sessions.token_key",
}


def service_modules(tree: ast.Module) -> set[str]:
    """The names a module binds to xplorium.services modules (`from xplorium.services import x`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xplorium.services"):
            for alias in node.names:
                if alias.name[:1].islower() and "_" not in alias.name[:1]:
                    names.add(alias.asname or alias.name)
    return names


def blocking_calls(source: str) -> list[str]:
    """`run()` calls, and service functions called directly instead of handed to `call`."""
    tree = ast.parse(source)
    modules = service_modules(tree)
    handed = {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "call"
        for arg in node.args[:1]
    }
    found = []
    methods = [node for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef) for node in ast.walk(cls)]
    for node in methods:
        if not isinstance(node, ast.Call) or id(node.func) in handed:
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "run":
            found.append(f"{node.lineno}: run()")
        elif (
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in modules
        ):
            name = f"{func.value.id}.{func.attr}"
            if name not in PURE:
                found.append(f"{node.lineno}: {name}()")
    return found


def state_modules() -> list[Path]:
    return [p for p in sorted(STATE_DIR.rglob("*.py")) if p.name != "calls.py"]


def test_state_reaches_services_only_through_call():
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): calls
        for path in state_modules()
        if (calls := blocking_calls(path.read_text()))
    }
    assert offenders == {}


def test_the_check_sees_each_other_style():
    source = """
from xplorium.services import catalog, rooms
from xplorium.services.result import run

class Probe:
    def load(self):
        catalog.booking_rules()

    def old(self):
        return run(rooms.room_choices)

    async def fine(self):
        await call(catalog.booking_rules)
"""
    assert blocking_calls(source) == ["7: catalog.booking_rules()", "10: run()"]


def coroutines_sent_to_a_thread(sources: list[str]) -> list[str]:
    """`asyncio.to_thread(self.m)` where `m` is an async method: the thread only makes the
    coroutine, nothing awaits it, and the work silently never happens."""
    trees = [ast.parse(source) for source in sources]
    coroutines = {n.name for tree in trees for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef)}
    found = []
    for tree in trees:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "to_thread"
                and node.args
                and isinstance(node.args[0], ast.Attribute)
                and node.args[0].attr in coroutines
            ):
                found.append(f"{node.lineno}: to_thread({ast.unparse(node.args[0])})")
    return found


def test_no_coroutine_is_handed_to_a_thread():
    assert coroutines_sent_to_a_thread([path.read_text() for path in sorted(STATE_DIR.rglob("*.py"))]) == []


def test_the_check_sees_a_coroutine_in_a_thread():
    source = """
class Probe:
    async def _reload(self):
        pass

    async def sync(self):
        yield await asyncio.to_thread(self._reload)
"""
    assert coroutines_sent_to_a_thread([source]) == ["7: to_thread(self._reload)"]
