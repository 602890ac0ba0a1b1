"""A Streamlit client without a browser: one session over the server's own websocket protocol (`/_stcore/stream`,
the BackMsg / ForwardMsg protobufs that ship with streamlit), doing what the browser's app does.

    async with StreamlitSession("ws://127.0.0.1:8600", page="gates", query="hidden=20") as session:
        await session.load()                    # the browser's first rerun_script: page name + query string
        control = session.pick_control(rng)     # a random visible, enabled widget of the page
        seconds = await session.change(control, session.random_value(control, rng))
        session.texts                           # markdown and alerts of the last run, e.g. to check a value is shown
        await session.keep_refreshing(until)    # st.fragment(run_every=...) as the browser runs it, till `until`

How the browser does it (and so this client): every widget element that arrives in a delta carries its id
(`element.<type>.id`) and its default; the browser keeps a value for every widget it has drawn (the default, or
the server's value when `set_value` is true) and sends ALL of them in each `rerun_script`, together with the
page's script hash and the current query string (which the server may change through `page_info_changed`).
A widget inside an `st.fragment` reruns only its fragment: the rerun names the delta's `fragment_id`.
A run ends with `script_finished` (a run interrupted by `st.rerun` ends FINISHED_EARLY_FOR_RERUN and goes on).
A fragment with `run_every` is rerun by the browser, not the server: the server sends `auto_rerun` (interval,
fragment id) and the browser sends a rerun_script for that fragment on its timer, until a full run starts
(a `new_session` naming no fragment) or `stop_auto_rerun`. One run at a time: a student's change waits for a
refresh in flight, and is timed from when the student made it.
"""

from __future__ import annotations

import asyncio
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

# element type -> the WidgetState field its value travels in (what streamlit's register_widget value_type says)
CONTROL_TYPES = ("slider", "radio", "multiselect", "checkbox", "number_input", "selectbox")
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class Control:
    id: str
    type: str                 # slider | radio | multiselect | checkbox | number_input | selectbox
    proto: object             # the element's widget proto (labels, options, range)
    fragment_id: str          # "" unless the widget lives in an st.fragment

    @property
    def label(self) -> str:
        return self.proto.label


class ProtocolError(RuntimeError):
    """The server sent an exception element, closed the socket, or did not finish a run in time."""


def _initial_state(kind: str, element) -> WidgetState | None:
    """The value the browser gives a widget it has just drawn (None: no value yet, e.g. index=None)."""
    state = WidgetState(id=element.id)
    is_set = element.set_value
    if kind == "slider":
        values = list(element.value if is_set else element.default)
        if element.options:                                 # select_slider: labels of the chosen indices
            state.string_array_value.data[:] = [element.options[int(i)] for i in values]
        else:
            state.double_array_value.data[:] = values
    elif kind in ("radio", "selectbox"):
        if is_set:
            if not element.HasField("raw_value"):
                return None
            state.string_value = element.raw_value
        elif element.HasField("default") and 0 <= element.default < len(element.options):
            state.string_value = element.options[element.default]
        else:
            return None
    elif kind == "multiselect":
        labels = list(element.raw_values) if is_set else [element.options[i] for i in element.default]
        state.string_array_value.data[:] = labels
    elif kind == "checkbox":
        state.bool_value = element.value if is_set else element.default
    elif kind == "number_input":
        if is_set and element.HasField("value"):
            state.double_value = element.value
        elif not is_set and element.HasField("default"):
            state.double_value = element.default
        else:
            return None
    elif kind in ("text_area", "text_input"):
        if is_set and element.HasField("value"):
            state.string_value = element.value
        elif element.HasField("default"):
            state.string_value = element.default
        else:
            return None
    else:
        return None
    return state


class StreamlitSession:
    def __init__(self, base_url: str, page: str = "", query: str = "", timeout: float = 120.0,
                 cookie: str | None = None):
        self.url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.headers = {"Cookie": cookie} if cookie else None
        self.page, self.query, self.timeout = page, query, timeout
        self.page_script_hash = ""
        self.states: dict[str, WidgetState] = {}
        self.controls: dict[str, Control] = {}
        self.buttons: dict[str, Control] = {}          # label -> the button (pressed with `press`)
        self.fields: dict[str, Control] = {}           # label -> a text box (typed into with `type_text`)
        self.texts: list[str] = []
        self.exceptions: list[str] = []
        self._run_controls: dict[str, Control] = {}
        self._run_texts: list[str] = []
        self._run_widget_ids: set[str] = set()
        self._run_buttons: dict[str, Control] = {}
        self.auto_reruns: dict[str, float] = {}        # fragment id -> seconds between the browser's reruns
        self.refreshes: list[float] = []               # seconds each of those reruns took
        self.refreshed_at: list[float] = []            # when each ended (time.monotonic())
        self._due: dict[str, float] = {}               # fragment id -> when its timer fires next
        self._ws = None
        self._queue: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None
        self._one_run = asyncio.Lock()

    async def __aenter__(self) -> "StreamlitSession":
        self._ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=self.timeout, ping_interval=None, compression=None,
                                           additional_headers=self.headers)
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                message = ForwardMsg()
                message.ParseFromString(data)
                self._queue.put_nowait(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            self._queue.put_nowait(None)

    def _take(self, message: ForwardMsg) -> int | None:
        """Update what the browser would keep; return a script_finished status that ends a run, else None."""
        kind = message.WhichOneof("type")
        if kind == "navigation":                           # st.navigation names the page that runs
            self.page_script_hash = message.navigation.page_script_hash
        elif kind == "new_session" and not message.metadata.run.fragment_ids:    # a full run: its fragments
            self.auto_reruns = {}                                               # register their timers anew
        elif kind == "auto_rerun":
            self.auto_reruns[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            etype = element.WhichOneof("type")
            if etype == "exception":
                self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif etype == "button" and not element.button.disabled:
                self._run_buttons[element.button.label] = Control(element.button.id, "button", element.button,
                                                                  message.delta.fragment_id)
            elif etype == "markdown":
                self._run_texts.append(element.markdown.body)
            elif etype == "alert":
                self._run_texts.append(element.alert.body)
            elif etype in CONTROL_TYPES or etype in ("text_area", "text_input"):
                widget = getattr(element, etype)
                self._run_widget_ids.add(widget.id)
                if widget.set_value or widget.id not in self.states:
                    state = _initial_state(etype, widget)
                    if state is not None:
                        self.states[widget.id] = state
                if etype in CONTROL_TYPES and not widget.disabled:
                    self._run_controls[widget.id] = Control(widget.id, etype, widget, message.delta.fragment_id)
                elif etype in ("text_area", "text_input") and not widget.disabled:
                    self._run_fields[widget.label] = Control(widget.id, etype, widget, message.delta.fragment_id)
        elif kind == "script_finished" and message.script_finished in DONE:
            return message.script_finished
        return None

    async def _rerun(self, fragment_id: str = "", trigger: str | None = None, auto: bool = False) -> float:
        """Send one rerun_script with every widget value; seconds from the call (a run in flight is waited for,
        as the student waits for it) until its script_finished."""
        started = time.perf_counter()
        async with self._one_run:
            return await self._rerun_now(fragment_id, trigger, auto, started)

    async def _rerun_now(self, fragment_id: str, trigger: str | None, auto: bool, started: float) -> float:
        while not self._queue.empty():                      # whatever arrived during think time
            pending = self._queue.get_nowait()
            if pending is None:
                raise ProtocolError("the server closed the connection")
            self._take(pending)
        back = BackMsg()
        state = back.rerun_script
        state.query_string, state.page_script_hash, state.fragment_id = self.query, self.page_script_hash, fragment_id
        state.is_auto_rerun = auto
        if not self.page_script_hash:
            state.page_name = self.page
        state.widget_states.widgets.extend(self.states.values())
        if trigger is not None:                             # a button is true for the one run it starts
            state.widget_states.widgets.append(WidgetState(id=trigger, trigger_value=True))
        self._run_controls, self._run_texts, self._run_widget_ids, self._run_buttons = {}, [], set(), {}
        self._run_fields = {}
        before = len(self.exceptions)
        try:
            await self._ws.send(back.SerializeToString())
        except websockets.ConnectionClosed as closed:
            raise ProtocolError("the server closed the connection") from closed
        deadline = started + self.timeout
        while True:
            try:
                message = await asyncio.wait_for(self._queue.get(), max(0.0, deadline - time.perf_counter()))
            except asyncio.TimeoutError:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from None
            if message is None:
                raise ProtocolError("the server closed the connection during a run")
            status = self._take(message)
            if status is not None:
                break
        seconds = time.perf_counter() - started
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.controls.update(self._run_controls)
            self.buttons.update(self._run_buttons)
            self.fields.update(self._run_fields)
        else:                                               # a full run redraws every widget the page has
            self.controls, self.buttons, self.fields = self._run_controls, self._run_buttons, self._run_fields
            self.states = {key: value for key, value in self.states.items() if key in self._run_widget_ids}
        self.texts = self._run_texts
        if len(self.exceptions) > before or status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            raise ProtocolError("; ".join(self.exceptions[before:]) or "compile error")
        return seconds

    async def load(self) -> float:
        return await self._rerun()

    async def keep_refreshing(self, until, watch=None) -> None:
        """Rerun each timed fragment on its interval, as the browser does, until time.monotonic() reaches `until`
        (seconds, or a function giving them: a deadline still to be set), or until `watch(texts)` is true after a
        refresh; each refresh's seconds go to `refreshes`."""
        deadline = until if callable(until) else (lambda: until)
        while (now := time.monotonic()) < deadline():
            # each timer keeps its next moment across calls, as the browser's interval does
            self._due = {fragment: self._due.get(fragment, now + interval)
                         for fragment, interval in self.auto_reruns.items()}
            for fragment in [fragment for fragment, at in self._due.items() if at <= now]:
                if fragment in self.auto_reruns:
                    self.refreshes.append(await self._rerun(fragment, auto=True))
                    self.refreshed_at.append(time.monotonic())
                    self._due[fragment] = time.monotonic() + self.auto_reruns.get(fragment, 0.0)
                    if watch is not None and watch(self.texts):
                        return
            await asyncio.sleep(max(0.0, min([0.25, *(at - time.monotonic() for at in self._due.values())])))

    def pick_control(self, rng: random.Random) -> Control | None:
        choices = [c for c in self.controls.values() if self._has_choice(c)]
        return rng.choice(sorted(choices, key=lambda c: c.id)) if choices else None

    @staticmethod
    def _has_choice(control: Control) -> bool:
        p = control.proto
        if control.type in ("radio", "selectbox", "multiselect"):
            return len(p.options) > 1
        if control.type == "number_input":
            return p.has_min and p.has_max
        if control.type == "slider":
            return p.max > p.min
        return True

    def random_value(self, control: Control, rng: random.Random):
        """A value a student could pick, different from the current one where the widget allows it."""
        p, current = control.proto, self.states.get(control.id)
        if control.type == "checkbox":
            return not (current.bool_value if current is not None else p.default)
        if control.type in ("radio", "selectbox"):
            now = current.string_value if current is not None else None
            return rng.choice([o for o in p.options if o != now] or list(p.options))
        if control.type == "multiselect":
            return rng.sample(list(p.options), rng.randint(1, len(p.options)))
        if control.type == "number_input":
            return float(rng.randint(int(p.min), int(min(p.max, p.min + 1000))))
        if p.options:                                       # select_slider
            return [rng.choice(list(p.options)) for _ in p.default]
        steps = int(round((p.max - p.min) / p.step)) if p.step else 100
        return [round(p.min + rng.randint(0, steps) * p.step, 6) for _ in p.default]

    async def change(self, control: Control, value) -> float:
        """Set one widget as the browser does when a student moves it; seconds until the run it starts ends."""
        state = WidgetState(id=control.id)
        if control.type == "checkbox":
            state.bool_value = bool(value)
        elif control.type in ("radio", "selectbox"):
            state.string_value = value
        elif control.type == "multiselect" or (control.type == "slider" and control.proto.options):
            state.string_array_value.data[:] = list(value)
        elif control.type == "number_input":
            state.double_value = float(value)
        else:
            state.double_array_value.data[:] = [float(v) for v in value]
        self.states[control.id] = state
        return await self._rerun(control.fragment_id)

    async def type_text(self, label: str, text: str) -> float:
        """Type `text` into the text box with this label, as the browser sends it when the box loses focus (the
        server, not this client, applies the box's max_chars)."""
        field = self.fields[label]
        self.states[field.id] = WidgetState(id=field.id, string_value=text)
        return await self._rerun(field.fragment_id)

    async def press(self, label: str) -> float:
        """Click the button with this label, as the browser does (a trigger value for one run)."""
        button = self.buttons[label]
        return await self._rerun(button.fragment_id, trigger=button.id)


def run_in_own_loop(coroutine):
    """asyncio.run in a thread of its own: Playwright (the browser tests) keeps an event loop running in the main
    thread, and asyncio.run refuses to start inside a running loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
