"""Browser-side pieces of the live board: the keep-alive timer, the link watchdog, the change watcher.

All are invisible React hooks (no npm package needed):
* `KeepAlive` fires its `on_tick` event every `interval` milliseconds while the page is open.
* `LinkWatchdog` tells whether the screen is live: it is when it shows a version and has heard
  a heartbeat lately, and the server's link to the other workers is up. It puts that on
  `<html data-xp-board="connecting|live|reconnecting">` (the header's badge follows it), and
  when heartbeats stop (lost socket, worker restart, sleep) or the board was reset, it fires
  `on_stale(version shown)` every few seconds until the screen is live again.
* `ChangeWatcher` fires `on_change` whenever a counter (`version`) changes after the value
  it had when the screen became `ready` (linked to the board), and (with `announce`) shows a
  toast and plays a short sound for a new booking.
"""

from typing import Any

import reflex as rx
from reflex_base.components.component import field
from reflex_base.event import EventHandler, no_args_event_spec, passthrough_event_spec
from reflex_base.utils.imports import ImportVar
from reflex_base.vars.base import Var, VarData, get_unique_variable_name
from reflex_components_core.base.fragment import Fragment

_REACT = {"react": [ImportVar(tag="useEffect"), ImportVar(tag="useRef")]}
_REFS = {"$/utils/state": [ImportVar(tag="refs")]}

# A short two-tone chime made with WebAudio (no sound file to ship); silently skipped when
# the browser does not allow audio yet (before the first click on the page).
_CHIME_JS = """
try {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  const ctx = new Ctx();
  [[880, 0], [1175, 0.16]].forEach(([freq, at]) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, ctx.currentTime + at);
    gain.gain.exponentialRampToValueAtTime(0.18, ctx.currentTime + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.3);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(ctx.currentTime + at);
    osc.stop(ctx.currentTime + at + 0.32);
  });
  setTimeout(() => ctx.close(), 800);
} catch (error) {}
"""


def _trigger_js(component: rx.Component, name: str) -> tuple[str, list[VarData | None]]:
    trigger = component.event_triggers.get(name)
    if trigger is None:
        return "() => {}", []
    var = Var.create(trigger)
    return str(var), [var._get_all_var_data()]


class KeepAlive(Fragment):
    """Fires `on_tick` every `interval` ms (0 = off)."""

    interval: Var[int] = field(doc="Milliseconds between ticks; 0 disables the timer.")
    on_tick: EventHandler[no_args_event_spec] = field(doc="Fired on every tick.")

    def _exclude_props(self) -> list[str]:
        return [*super()._exclude_props(), "interval", "on_tick"]

    def add_hooks(self) -> list[str | Var[Any]]:
        interval = self.interval if self.interval is not None else Var.create(0)
        tick, data = _trigger_js(self, "on_tick")
        code = f"""
useEffect(() => {{
  const every = Number({interval}) || 0;
  if (every <= 0) return;
  const tick = {tick};
  const timer = setInterval(() => tick(), every);
  return () => clearInterval(timer);
}}, [{interval}]);"""
        return [
            Var(
                _js_expr=code,
                _var_data=VarData.merge(interval._get_all_var_data(), *data, VarData(imports=_REACT)),
            )
        ]


class ChangeWatcher(Fragment):
    """Fires `on_change` when `version` moves on; announces new bookings when asked."""

    version: Var[int] = field(doc="The counter to watch.")
    ready: Var[bool] = field(doc="Watch only once this is true (the screen is linked to the board).")
    kind: Var[str] = field(doc="What the last change was (created, cancelled, ...).")
    message: Var[str] = field(doc="The sentence announcing the last change.")
    announce: Var[bool] = field(doc="Show a toast for new and cancelled bookings.")
    sound: Var[bool] = field(doc="Also play a chime for a new booking.")
    on_change: EventHandler[no_args_event_spec] = field(doc="Fired after each change.")

    def _exclude_props(self) -> list[str]:
        return [
            *super()._exclude_props(),
            "version",
            "ready",
            "kind",
            "message",
            "announce",
            "sound",
            "on_change",
        ]

    def add_hooks(self) -> list[str | Var[Any]]:
        seen = f"xp_seen_{get_unique_variable_name()}"
        props = {
            name: getattr(self, name) if getattr(self, name) is not None else Var.create(default)
            for name, default in (
                ("version", 0),
                ("ready", True),
                ("kind", ""),
                ("message", ""),
                ("announce", False),
                ("sound", False),
            )
        }
        fire, data = _trigger_js(self, "on_change")
        code = f"""
const {seen} = useRef(null);
useEffect(() => {{
  if (!{props["ready"]}) return;
  const version = Number({props["version"]}) || 0;
  if ({seen}.current === null) {{ {seen}.current = version; return; }}
  if (version === {seen}.current) return;
  {seen}.current = version;
  const kind = {props["kind"]};
  if ({props["announce"]} && (kind === "created" || kind === "cancelled")) {{
    const toast = refs["__toast"];
    const say = kind === "created" ? toast?.info : toast?.warning;
    say?.({props["message"]}, {{ id: "xp-board-" + version, duration: 8000 }});
    if (kind === "created" && {props["sound"]}) {{ {_CHIME_JS} }}
  }}
  const fire = {fire};
  fire();
}}, [{props["version"]}, {props["ready"]}]);"""
        var_data = VarData.merge(
            *(v._get_all_var_data() for v in props.values()), *data, VarData(imports={**_REACT, **_REFS})
        )
        return [Var(_js_expr=code, _var_data=var_data)]


class LinkWatchdog(Fragment):
    """Marks the page live or reconnecting; fires `on_stale(version)` to re-link."""

    beat: Var[int] = field(doc="The server's heartbeat counter.")
    version: Var[int] = field(doc="The version of the board this screen shows.")
    link: Var[str] = field(doc="'live' while the server hears the other workers.")
    stale_ms: Var[int] = field(doc="Silence after which the link counts as lost.")
    on_stale: EventHandler[passthrough_event_spec(int)] = field(doc="Re-link, with the version shown.")

    def _exclude_props(self) -> list[str]:
        return [*super()._exclude_props(), "beat", "version", "link", "stale_ms", "on_stale"]

    def add_hooks(self) -> list[str | Var[Any]]:
        props = {
            name: getattr(self, name) if getattr(self, name) is not None else Var.create(default)
            for name, default in (("beat", 0), ("version", 0), ("link", ""), ("stale_ms", 6000))
        }
        stale, data = _trigger_js(self, "on_stale")
        now = f"xp_link_{get_unique_variable_name()}"
        code = f"""
const {now} = useRef({{beat: 0, version: 0, link: "", heard: Date.now(), tried: Date.now(), live: false}});
{now}.current.version = Number({props["version"]}) || 0;
{now}.current.link = {props["link"]};
useEffect(() => {{ {now}.current.heard = Date.now(); }}, [{props["beat"]}, {props["version"]}]);
useEffect(() => {{
  const every = Number({props["stale_ms"]}) || 6000;
  const relink = {stale};
  const check = () => {{
    const s = {now}.current;
    const silent = Date.now() - s.heard > every;
    const live = !silent && s.version > 0 && s.link === "live";
    s.live = s.live || live;
    document.documentElement.dataset.xpBoard = live ? "live" : (s.live ? "reconnecting" : "connecting");
    const lost = silent || (s.version === 0 && s.link === "live");
    if (lost && Date.now() - s.tried > every) {{ s.tried = Date.now(); relink(s.version); }}
  }};
  check();
  const timer = setInterval(check, 1000);
  return () => clearInterval(timer);
}}, []);"""
        var_data = VarData.merge(
            *(v._get_all_var_data() for v in props.values()), *data, VarData(imports=_REACT)
        )
        return [Var(_js_expr=code, _var_data=var_data)]


keep_alive = KeepAlive.create
link_watchdog = LinkWatchdog.create
change_watcher = ChangeWatcher.create
