"""gate_moments finds what was planted in a story: the forget gate's lowest point between two countries, the word
where the answer leaves the first country, a unit's forget gate while it carries, and an output gate that waits."""

from dataclasses import replace

import numpy as np
import pytest

from lstm_engine.memory.forget_story import ForgetStory
from lstm_engine.memory.gate_moments import HOLDS, OPENS, forget_drop, forget_span, let_go, output_wait

TOKENS = "i grew up in france . then we moved to spain . life went on . so i speak fluent".split()
FRANCE, MOVED, SPAIN, SO = 4, 8, 10, 16


def story(tokens=TOKENS, countries=((FRANCE, 0), (SPAIN, 1)), H=4, seed=0, **planted):
    """A story with gates near 0.9, the answer French after France and Spanish after Spain, and `planted` arrays."""
    rng = np.random.default_rng(seed)
    T = len(tokens)
    probs = np.full((T, 3), 0.1)
    for position, language in countries:
        probs[position:] = 0.1
        probs[position:, language] = 0.8
    arrays = dict(f=rng.uniform(0.85, 0.95, (T, H)), i=rng.uniform(0, 1, (T, H)), o=rng.uniform(0.8, 0.9, (T, H)),
                  c=rng.uniform(-0.5, 0.5, (T, H)))
    arrays |= planted
    arrays["h"] = arrays["o"] * np.tanh(arrays["c"])
    return ForgetStory(tokens=list(tokens), languages=["French", "Spanish", "German"], probs=probs,
                       carrier_units=list(range(H)), switch_index=None, unknown=[],
                       country_positions=[p for p, _ in countries], country_languages=[k for _, k in countries],
                       **arrays)


def test_the_drop_is_the_lowest_forget_gate_of_the_units_between_the_countries():
    base = story()
    f = base.f.copy()
    f[MOVED, 2], f[SPAIN, 1], f[FRANCE, 1], f[SO, 0] = 0.05, 0.2, 0.01, 0.0     # outside the span: not the drop
    planted = story(f=f, c=base.c)
    drop = forget_drop(planted, units=[1, 2])
    assert (drop.unit, drop.position, drop.f) == (2, MOVED, 0.05)
    assert (drop.c_before, drop.c_after) == (planted.c[MOVED - 1, 2], planted.c[MOVED, 2])
    assert (drop.first_country, drop.new_country) == (FRANCE, SPAIN)
    assert forget_drop(planted, units=[1]).position == SPAIN                     # only unit 2's is lower
    assert forget_drop(story(countries=((FRANCE, 0),)), [0]) is None             # one country: no new subject
    assert forget_drop(story(countries=((FRANCE, 0), (SPAIN, 0))), [0]) is None  # the same language again


def test_the_answer_lets_go_where_it_first_stops_being_french():
    base = story()
    probs = base.probs.copy()
    probs[MOVED + 1:SPAIN] = [0.2, 0.1, 0.7]                    # German after "moved": French is gone before Spain
    gone = let_go(replace(base, probs=probs))
    assert (gone.position, gone.language) == (MOVED + 1, 0)
    assert (gone.before, gone.after) == (probs[MOVED, 0], probs[MOVED + 1, 0])
    assert let_go(story()).position == SPAIN
    assert let_go(story(countries=((FRANCE, 0),))) is None                     # never leaves French
    never = base.probs.copy()
    never[:, 2] = 0.9                                                            # German throughout: French never held
    assert let_go(replace(base, probs=never)) is None


def test_the_span_is_the_carrying_stretch_and_its_median():
    base = story()
    f = base.f.copy()
    f[MOVED, 3] = 0.02
    span = forget_span(story(f=f, c=base.c), 3)
    assert (span.start, span.end) == (FRANCE + 1, SPAIN - 1)
    assert span.median == pytest.approx(np.median(f[FRANCE + 1:SPAIN, 3]))
    assert (span.lowest, span.lowest_position) == (0.02, MOVED)
    alone = forget_span(story(countries=((FRANCE, 0),)), 0)
    assert (alone.start, alone.end) == (FRANCE + 1, len(TOKENS) - 1)
    nothing = forget_span(story(countries=()), 0)
    assert (nothing.start, nothing.end) == (0, len(TOKENS) - 1)


def test_the_waiting_output_gate_is_found_and_only_when_it_waits():
    base = story()
    o, c = base.o.copy(), base.c.copy()
    c[SPAIN + 1:, 1] = 2.0                                       # unit 2 keeps a value from Spain on …
    o[SPAIN + 1:SO, 1], o[-1, 1] = 0.1, 0.95                     # … and shows it only at the question
    c[SPAIN + 1:, 2], o[SPAIN + 1:SO, 2], o[-1, 2] = 0.5, 0.0, 1.0    # rises more, but holds too little
    wait = output_wait(story(o=o, c=c, f=base.f))
    assert (wait.unit, wait.start, wait.end) == (1, SPAIN + 1, SO - 1)
    assert (wait.mean_o, wait.o_last) == (pytest.approx(0.1), 0.95) and wait.least_c == 2.0
    assert wait.h_last == pytest.approx(0.95 * np.tanh(2.0))
    o[-1, 1] = 0.1 + OPENS * 0.9                                 # a rise below OPENS does not count
    assert output_wait(story(o=o, c=c, f=base.f)) is None
    c[SO - 2, 1] = HOLDS * 0.9                                   # nor a unit whose C comes near 0 on the way
    o[-1, 1] = 0.95
    assert output_wait(story(o=o, c=c, f=base.f)) is None
