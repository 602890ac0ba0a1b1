"""Parse a control's value out of raw URL query values: clamp or ignore, and say so in plain words.

Pure functions, no Streamlit: a shared link can carry anything (`?hidden=-5`, `?hidden=abc`, `?hidden=1e9`,
`?models=<script>`), and each parser returns a usable value plus a short notice when it had to change or drop
what the URL said. Nothing here raises on bad input.

    IntControl("hidden", "Hidden size", 1, 1024, 128).parse(["1e9"])
    -> Parsed(value=1024, notice="`?hidden=1e9` is above the maximum; using 1024.")
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_SHOWN_CHARS = 24          # a hostile value is shown shortened, never whole
MAX_RAW_CHARS = 64            # longer values are not even parsed
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class Parsed:
    """A value ready for a widget, and a notice (markdown) when the URL's value was changed or ignored."""

    value: object
    notice: str | None = None


def shown(text: str) -> str:
    """A URL value made safe to print inside markdown inline code: printable, no backticks, shortened."""
    safe = "".join(ch for ch in text if ch.isprintable() and ch != "`")
    if len(safe) > MAX_SHOWN_CHARS:
        safe = safe[: MAX_SHOWN_CHARS - 1] + "…"
    return safe or " "


def _quoted(param: str, raw: str) -> str:
    return f"`?{param}={shown(raw)}`"


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
        text = raw[-1].strip() if raw else ""
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
        value = round(number)
        if value != number:
            return Parsed(value, f"{_quoted(self.param, text)} is not a whole number; using {value}.")
        return Parsed(value)

    def to_url(self, value: int) -> str:
        return str(int(value))


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
        text = raw[-1].strip().lower() if raw else ""
        if text in self.options:
            return Parsed(text)
        allowed = ", ".join(self.options)
        return Parsed(self.default, f"{_quoted(self.param, text)} is not one of {allowed}; using {self.default}.")

    def to_url(self, value: str) -> str:
        return value

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
        text = raw[-1].strip().lower() if raw else ""
        if text in TRUE_WORDS:
            return Parsed(True)
        if text in FALSE_WORDS:
            return Parsed(False)
        return Parsed(self.default, f"{_quoted(self.param, text)} is not on/off; using {'on' if self.default else 'off'}.")

    def to_url(self, value: bool) -> str:
        return "1" if value else "0"


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
        words = [word.strip().lower() for text in raw for word in text.split(",") if word.strip()]
        unknown = [word for word in words if word not in self.options]
        chosen = tuple(option for option in self.options if option in words)
        if not chosen:
            default = ",".join(self.default)
            return Parsed(self.default, f"{_quoted(self.param, ','.join(raw))} names no known option; using {default}.")
        if unknown:
            dropped = shown(",".join(unknown))
            return Parsed(chosen, f"`?{self.param}=` ignored `{dropped}` (allowed: {', '.join(self.options)}).")
        return Parsed(chosen)

    def to_url(self, value: tuple[str, ...]) -> str:
        return ",".join(value)

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
        text = raw[-1] if raw else ""
        clean = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
        notice = None
        if len(clean) > self.max_chars:
            notice = (f"`?{self.param}=` was {len(clean):,} characters long; "
                      f"only the first {self.max_chars:,} are read.")
            clean = clean[: self.max_chars]
        elif clean != text:
            notice = f"`?{self.param}=` held invisible control characters; they were removed."
        return Parsed(clean, notice)

    def to_url(self, value: str) -> str:
        return value


Control = IntControl | ChoiceControl | BoolControl | MultiChoiceControl | TextControl


def parse_name_list(param: str, raw: list[str]) -> Parsed:
    """Teacher-mode lists (`?hide=layers,convention`): the control names that look like names, in order."""
    words = [word.strip().lower() for text in raw for word in text.split(",") if word.strip()]
    names = tuple(dict.fromkeys(word for word in words if _NAME_PATTERN.match(word)))
    if len(names) < len(set(words)):
        return Parsed(names, f"`?{param}=` ignored words that are not control names.")
    return Parsed(names)
