"""Parse a control's value out of raw URL query values: clamp or ignore, and say so in plain words.

Pure functions, no Streamlit: a shared link can carry anything (`?hidden=-5`, `?hidden=abc`, `?hidden=1e9`,
`?models=<script>`), and each parser returns a usable value plus a short notice when it had to change or drop
what the URL said. Nothing here raises on bad input.

    IntControl("hidden", "Hidden size", 1, 1024, 128).parse(["1e9"])
    -> Parsed(value=1024, notice="`?hidden=1e9` is above the maximum; using 1024.")
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MAX_SHOWN_CHARS = 24          # a hostile value is shown shortened, never whole
MAX_RAW_CHARS = 64            # longer values are not even parsed
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


Control = IntControl | ChoiceControl | BoolControl | MultiChoiceControl | TextControl


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
