"""Where the shipped LSTM's gates act on a sentence (lstm_engine.memory.gate_moments), cached on plain arguments,
for the sentences the Gates and Data Flow pages write about their charts."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.engine_calls.lstm_reading import READINGS_KEPT, forget_story_of
from lstm_engine.memory.gate_moments import (
    ForgetDrop,
    ForgetSpan,
    LetGo,
    OutputWait,
    forget_drop,
    forget_span,
    let_go,
    output_wait,
)


@dataclass(frozen=True)
class StoryMoments:
    drop: ForgetDrop | None          # the lowest forget gate of the units shown between the two countries
    gone: LetGo | None               # where the answer stops being the first country's language
    wait: OutputWait | None          # a unit whose output gate waits for the question


@st.cache_data(show_spinner=False, max_entries=READINGS_KEPT)
def story_moments(text: str, units: tuple[int, ...], trained: bool = True) -> StoryMoments:
    story = forget_story_of(text, trained)
    return StoryMoments(forget_drop(story, units), let_go(story), output_wait(story))


@st.cache_data(show_spinner=False, max_entries=4 * READINGS_KEPT)
def carrying(text: str, unit: int, trained: bool = True) -> ForgetSpan:
    """`unit`'s forget gate while it carries the sentence's first country."""
    return forget_span(forget_story_of(text, trained), unit)
