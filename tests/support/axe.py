"""axe-core (npm, installed into .tools by scripts/setup.sh) run inside the real pages."""

from functools import cache

from xplorium.config import PROJECT_ROOT

AXE_JS = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Resolves once the page has not changed for a moment (data loaded, animations placed).
_SETTLE_JS = """
const done = arguments[arguments.length - 1];
let timer = null;
const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, 400); });
const finish = () => { observer.disconnect(); clearTimeout(limit); done(true); };
const limit = setTimeout(() => { observer.disconnect(); done(false); }, 10000);
observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
timer = setTimeout(finish, 400);
"""

_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1).join(' ')),
  }))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run ./test (scripts/setup.sh installs axe-core)")
    return AXE_JS.read_text()


def wait_settled(driver) -> None:
    driver.set_script_timeout(20)
    driver.execute_async_script(_SETTLE_JS)


def scan(driver) -> list[dict]:
    """axe's violations of the page as it is now (all of axe's default rules)."""
    wait_settled(driver)
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(_axe_source())
    driver.set_script_timeout(60)
    return driver.execute_async_script(_RUN_JS)


def describe(path: str, violations: list[dict]) -> list[str]:
    return [
        f"{path}: [{v['impact']}] {v['id']} ({v['help']}): " + " | ".join(v["nodes"][:4]) for v in violations
    ]
