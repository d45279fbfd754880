"""Nothing database- or network-bound runs on the event loop (read from the handlers' source).

Reflex runs a sync handler inline on the worker's event loop, so one slow query there stalls
every socket of that worker. The rules, checked over every state class in xplorium/state:
* a guarded handler is always awaitable: `require_roles` runs its check, and the body of a
  sync handler, in a worker thread (tested in test_auth_guard_forms.py);
* an unguarded handler that reaches a service (directly, through `run()` or through a sync
  helper method) is async and awaits `call()`;
* an async function never calls `run()` or a sync helper that does: it awaits `call()`.
"""

import ast

from xplorium.config import PROJECT_ROOT

STATE_DIR = PROJECT_ROOT / "xplorium" / "state"
# The modules a state reaches services through (imported as modules in xplorium/state).
SERVICE_MODULES = {
    "accounts",
    "audit_log",
    "backup",
    "board_service",
    "bookings_admin",
    "campaigns",
    "catalog",
    "content",
    "customers",
    "dashboard",
    "events",
    "exports",
    "imports",
    "loyalty",
    "notifications",
    "pricing",
    "registrations",
    "sessions",
    "settings_admin",
    "users",
}
# Pure helpers of service modules (no I/O), allowed anywhere.
PURE = {"bookings.parse_type", "bookings.guest_limits", "dashboard.rsd", "sessions.token_key"}


def _blocking_calls(
    function: ast.AST, methods: dict[str, ast.AST], seen: frozenset = frozenset()
) -> list[str]:
    """Blocking calls a function makes itself or through its sync helper methods (not awaited)."""
    wrapped = {
        id(arg)
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "call")
            or getattr(node.func, "attr", "") == "to_thread"
        )
        for arg in node.args
    }
    found = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call) or id(node.func) in wrapped:
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "run":
            found.append("run()")
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            name = f"{func.value.id}.{func.attr}"
            if func.value.id in SERVICE_MODULES | {"bookings"} and name not in PURE:
                found.append(name)
            elif (
                func.value.id == "self"
                and func.attr not in seen
                and isinstance(methods.get(func.attr), ast.FunctionDef)
            ):
                found += _blocking_calls(methods[func.attr], methods, seen | {func.attr})
    return found


def _functions():
    for path in sorted(STATE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)}
            for name, function in methods.items():
                yield path.relative_to(PROJECT_ROOT), cls.name, name, function, methods


def _guarded(function) -> bool:
    return any("require_roles" in ast.unparse(d) for d in function.decorator_list)


def test_unguarded_handlers_reach_services_only_by_awaiting():
    offenders = [
        f"{path} {cls}.{name}: {calls}"
        for path, cls, name, function, methods in _functions()
        if not name.startswith("_")
        and not _guarded(function)
        and isinstance(function, ast.FunctionDef)
        and (calls := _blocking_calls(function, methods))
    ]
    assert offenders == []


def test_async_functions_never_block_the_loop():
    offenders = [
        f"{path} {cls}.{name}: {calls}"
        for path, cls, name, function, methods in _functions()
        if isinstance(function, ast.AsyncFunctionDef) and (calls := _blocking_calls(function, methods))
    ]
    assert offenders == []


def test_the_rules_see_a_blocking_call():
    """The check itself: a sync handler calling a service, and an async one calling run()."""
    source = """
class Probe:
    def _helper(self):
        return run(catalog.booking_rules)

    def load(self):
        catalog.booking_rules()

    async def refresh(self):
        self._helper()

    async def fine(self):
        await call(catalog.booking_rules)
"""
    cls = ast.parse(source).body[0]
    methods = {f.name: f for f in cls.body}
    assert _blocking_calls(methods["load"], methods) == ["catalog.booking_rules"]
    assert _blocking_calls(methods["refresh"], methods) == ["run()"]
    assert _blocking_calls(methods["fine"], methods) == []
