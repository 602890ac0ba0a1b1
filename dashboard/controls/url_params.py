"""Parse a control's value out of raw URL query values: clamp or ignore, and say so in plain words.

Pure functions, no Streamlit: a shared link can carry anything (`?hidden=-5`, `?hidden=abc`, `?hidden=1e9`,
`?models=<script>`), and each parser returns a usable value plus a short notice when it had to change or drop
what the URL said. Nothing here raises on bad input. `known_params()` lists every control name in the app.

    IntControl("hidden", "Hidden size", 1, 1024, 128).parse(["1e9"])
    -> Parsed(value=1024, notice="`?hidden=1e9` is above the maximum; using 1024.")
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent
MAX_SHOWN_CHARS = 24          # a hostile value is shown shortened, never whole
MAX_RAW_CHARS = 64            # longer values are not even parsed
NUMBER_DECIMALS = 2           # what a NumbersControl keeps: the sliders step by 0.05 or 0.1
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})     # Streamlit's binding writes true/false
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True)
class Parsed:
    """A value ready for a widget, and a notice (markdown) when the URL's value was changed or ignored."""

    value: object
    notice: str | None = None


@dataclass(frozen=True)
class LinkRules:
    """What a live class holds in every link of its session (dashboard/class_ui, applied by url_state): parameters
    carried as they are (the class code), and the teacher's choices, which the address bar can add to but not take
    away."""

    carried: dict[str, list[str]] = field(default_factory=dict)       # param -> its values
    hidden: tuple[str, ...] = ()
    locked: tuple[str, ...] = ()
    values: dict[str, list[str]] = field(default_factory=dict)        # a held control -> its link values


def shown(text: str) -> str:
    """A URL value made safe to print inside markdown inline code: printable, no backticks, shortened."""
    safe = "".join(ch for ch in text if ch.isprintable() and ch != "`")
    if len(safe) > MAX_SHOWN_CHARS:
        safe = safe[: MAX_SHOWN_CHARS - 1] + "…"
    return safe or " "


def _quoted(param: str, raw: str) -> str:
    return f"`?{param}={shown(raw)}`"


def _last(param: str, raw: list[str]) -> tuple[str, str | None]:
    """The value a one-value control reads (the last), and a notice when the link repeats the parameter."""
    if len(raw) <= 1:
        return (raw[0] if raw else ""), None
    listed = ", ".join(f"`{shown(text)}`" for text in raw[:4]) + (" …" if len(raw) > 4 else "")
    return raw[-1], f"`?{param}=` appears {len(raw)} times ({listed}); using the last, `{shown(raw[-1])}`."


def _joined(*notices: str | None) -> str | None:
    return " ".join(notice for notice in notices if notice) or None


@dataclass(frozen=True)
class IntControl:
    """A whole number between `min_value` and `max_value` (inclusive), drawn as a slider."""

    param: str
    label: str
    min_value: int
    max_value: int
    default: int
    help: str | None = None

    def parse(self, raw: list[str]) -> Parsed:
        last, repeated = _last(self.param, raw)
        parsed = self._parse_one(last.strip())
        return Parsed(parsed.value, _joined(repeated, parsed.notice))

    def _parse_one(self, text: str) -> Parsed:
        if not text or len(text) > MAX_RAW_CHARS:
            return Parsed(self.default, f"{_quoted(self.param, text)} is not a number; using {self.default}.")
        try:
            number = float(text)
        except ValueError:
            return Parsed(self.default, f"{_quoted(self.param, text)} is not a number; using {self.default}.")
        if math.isnan(number):
            return Parsed(self.default, f"{_quoted(self.param, text)} is not a number; using {self.default}.")
        if number < self.min_value:
            return Parsed(self.min_value, f"{_quoted(self.param, text)} is below the minimum; using {self.min_value}.")
        if number > self.max_value:
            return Parsed(self.max_value, f"{_quoted(self.param, text)} is above the maximum; using {self.max_value}.")
        value = int(number)      # toward zero, as Streamlit's slider reads `?hidden=12.7` (so the two agree)
        if value != number:
            return Parsed(value, f"{_quoted(self.param, text)} is not a whole number; using {value}.")
        return Parsed(value)

    def to_url(self, value: int) -> list[str]:
        return [str(int(value))]


@dataclass(frozen=True)
class ChoiceControl:
    """One of `options` (lower-case URL words), drawn as horizontal radio buttons labelled by `labels`."""

    param: str
    label: str
    options: tuple[str, ...]
    labels: tuple[str, ...]
    default: str
    help: str | None = None

    def parse(self, raw: list[str]) -> Parsed:
        last, repeated = _last(self.param, raw)
        text = last.strip().lower()
        words = {option: option for option in self.options} | {label.lower(): option
                                                                 for option, label in zip(self.options, self.labels)}
        if text in words:
            return Parsed(words[text], repeated)
        allowed = ", ".join(self.options)
        return Parsed(self.default, _joined(
            repeated, f"{_quoted(self.param, text)} is not one of {allowed}; using {self.default}."))

    def to_url(self, value: str) -> list[str]:
        """As Streamlit's binding writes it: the option's label."""
        return [self.label_of(value)]

    def label_of(self, value: str) -> str:
        return self.labels[self.options.index(value)]


@dataclass(frozen=True)
class BoolControl:
    """On or off, drawn as a toggle. The URL accepts 1/0, true/false, yes/no, on/off."""

    param: str
    label: str
    default: bool
    help: str | None = None

    def parse(self, raw: list[str]) -> Parsed:
        last, repeated = _last(self.param, raw)
        text = last.strip().lower()
        if text in TRUE_WORDS:
            return Parsed(True, repeated)
        if text in FALSE_WORDS:
            return Parsed(False, repeated)
        return Parsed(self.default, _joined(
            repeated, f"{_quoted(self.param, text)} is not on/off; using {'on' if self.default else 'off'}."))

    def to_url(self, value: bool) -> list[str]:
        return ["true" if value else "false"]


@dataclass(frozen=True)
class MultiChoiceControl:
    """Any non-empty subset of `options`, kept in the options' order; the URL lists them comma-separated."""

    param: str
    label: str
    options: tuple[str, ...]
    labels: tuple[str, ...]
    default: tuple[str, ...]
    help: str | None = None

    def parse(self, raw: list[str]) -> Parsed:
        names = {option: option for option in self.options} | {label.lower(): option
                                                                 for option, label in zip(self.options, self.labels)}
        words = [word.strip().lower() for text in raw for word in text.split(",") if word.strip()]
        unknown = [word for word in words if word not in names]
        chosen = tuple(option for option in self.options if option in {names.get(word) for word in words})
        if not chosen:
            default = ",".join(self.default)
            return Parsed(self.default, f"{_quoted(self.param, ','.join(raw))} names no known option; using {default}.")
        if unknown:
            dropped = shown(",".join(unknown))
            return Parsed(chosen, f"`?{self.param}=` ignored `{dropped}` (allowed: {', '.join(self.options)}).")
        return Parsed(chosen)

    def to_url(self, value: tuple[str, ...]) -> list[str]:
        """As Streamlit's binding writes it: one repeated parameter per label (`?models=GRU&models=LSTM`)."""
        return [self.label_of(option) for option in value]

    def label_of(self, value: str) -> str:
        return self.labels[self.options.index(value)]


@dataclass(frozen=True)
class TextControl:
    """Free text, drawn as a text area. A link's text is cleaned (control characters dropped) and cut at
    `max_chars`, with a notice; it is never parsed as markup."""

    param: str
    label: str
    max_chars: int
    placeholder: str = ""
    help: str | None = None
    default: str = ""

    def parse(self, raw: list[str]) -> Parsed:
        text, notice = _last(self.param, raw)
        clean = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
        if len(clean) > self.max_chars:
            notice = _joined(notice, f"`?{self.param}=` was {len(clean):,} characters long; "
                      f"only the first {self.max_chars:,} are read.")
            clean = clean[: self.max_chars]
        elif clean != text:
            notice = _joined(notice, f"`?{self.param}=` held invisible control characters; they were removed.")
        return Parsed(clean, notice)

    def to_url(self, value: str) -> list[str]:
        return [value]


def _number_text(value: float) -> str:
    """A number as short as the URL can carry it: 6.0 -> "6", -1.5 -> "-1.5", -0.0 -> "0"."""
    text = f"{round(value, NUMBER_DECIMALS) + 0.0:.{NUMBER_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class NumbersControl:
    """A fixed number of numbers in [min_value, max_value], which the page draws its own way (a row of sliders,
    not all of them at once) and keeps in the link through `url_state.linked_value` / `keep_linked`. The length
    is the default's. The link lists them comma-separated and may leave out any that equals the default:
    `?b_f=,-1.5` changes the second of two and keeps the first."""

    param: str
    label: str
    min_value: float
    max_value: float
    default: tuple[float, ...] = ()
    help: str | None = None

    def parse(self, raw: list[str]) -> Parsed:
        last, repeated = _last(self.param, raw)
        places = len(self.default)
        if len(last) > MAX_RAW_CHARS * max(places, 1):
            return Parsed(self.default, _joined(repeated, f"{_quoted(self.param, last)} is too long to read; "
                                                          "using the defaults."))
        texts = [text.strip() for text in last.split(",")]
        problems = []
        if len(texts) > places and any(texts[places:]):
            problems.append(f"{len(texts)} values for {places} places, so the extra ones are ignored")
        values = list(self.default)
        for k, text in enumerate(texts[:places]):
            values[k], problem = self._parse_one(text, self.default[k])
            if problem:
                problems.append(f"value {k + 1}, `{shown(text)}`, {problem}")
        notice = f"{_quoted(self.param, last)}: {'; '.join(problems)}." if problems else None
        return Parsed(tuple(values), _joined(repeated, notice))

    def _parse_one(self, text: str, default: float) -> tuple[float, str | None]:
        if not text:
            return default, None
        try:
            number = float(text) if len(text) <= MAX_RAW_CHARS else math.nan
        except ValueError:
            number = math.nan
        if math.isnan(number):
            return default, f"is not a number (kept {_number_text(default)})"
        if not self.min_value <= number <= self.max_value:
            clamped = float(min(max(number, self.min_value), self.max_value))
            side = "below the minimum" if number < self.min_value else "above the maximum"
            return clamped, f"is {side} (using {_number_text(clamped)})"
        rounded = round(number, NUMBER_DECIMALS)
        if rounded != number:
            return rounded, f"has more than {NUMBER_DECIMALS} decimals (using {_number_text(rounded)})"
        return number, None

    def to_url(self, value: tuple[float, ...]) -> list[str]:
        """Only the numbers that differ from the default, each in its place: `[",-1.5"]`."""
        texts = ["" if v == d else _number_text(v) for v, d in zip(value, self.default)]
        return [",".join(texts).rstrip(",")]


Control = IntControl | ChoiceControl | BoolControl | MultiChoiceControl | TextControl | NumbersControl


def parse_name_list(param: str, raw: list[str], known: frozenset[str], here: tuple[str, ...] = ()) -> Parsed:
    """Teacher-mode lists (`?hide=layers,convention`): the known control names, in order, and one notice that
    quotes every word that is not one (`?lock=hiden`, `?lock=*`) with the names this page offers."""
    words = [word.strip() for text in raw for word in text.split(",") if word.strip()]
    names = tuple(dict.fromkeys(word.lower() for word in words if word.lower() in known))
    unknown = list(dict.fromkeys(word for word in words if word.lower() not in known))
    if not words and raw:
        return Parsed((), f"`?{param}=` names no control.")
    if not unknown:
        return Parsed(names)
    quoted = ", ".join(f"`{shown(word)}`" for word in unknown[:6]) + (" …" if len(unknown) > 6 else "")
    valid = ", ".join(here) if here else ", ".join(sorted(known))
    verb = "is not a control name" if len(unknown) == 1 else "are not control names"
    return Parsed(names, f"`?{param}=`: {quoted} {verb}; controls here: {valid}.")


@cache
def known_params() -> frozenset[str]:
    """Every control name in the app, read once from the source: the first argument of each `…Control("name", …)`
    call under dashboard/ (so a control added to any page is known without a list to keep)."""
    names = set()
    for path in DASHBOARD.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Control")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                names.add(node.args[0].value)
    return frozenset(names)
