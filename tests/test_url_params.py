"""Whatever a link carries, each control gets a usable value, and a notice whenever the link's value was changed."""

import pytest

from dashboard.controls.url_params import (
    BoolControl,
    ChoiceControl,
    IntControl,
    MultiChoiceControl,
    NumbersControl,
    Parsed,
    TextControl,
    parse_name_list,
    shown,
)

HIDDEN = IntControl("hidden", "Hidden size", 1, 1024, default=128)
CONVENTION = ChoiceControl("convention", "Count as", ("pytorch", "keras"), ("PyTorch", "Keras"), "pytorch")
BIDIRECTIONAL = BoolControl("bidirectional", "Bidirectional", default=False)
MODELS = MultiChoiceControl("models", "Models", ("rnn", "gru", "lstm"), ("RNN", "GRU", "LSTM"), ("rnn", "lstm"))


@pytest.mark.parametrize("raw,value,notice_says", [
    (["64"], 64, None),
    ([" 7 "], 7, None),
    (["64.0"], 64, None),
    (["-5"], 1, "below the minimum"),
    (["0"], 1, "below the minimum"),
    (["1e9"], 1024, "above the maximum"),
    (["1e400"], 1024, "above the maximum"),          # float overflow to inf
    (["-inf"], 1, "below the minimum"),
    (["64.6"], 64, "not a whole number"),            # toward zero, as Streamlit reads it
    (["abc"], 128, "not a number"),
    (["nan"], 128, "not a number"),
    ([""], 128, "not a number"),
    (["9" * 400], 128, "not a number"),               # too long to parse
    (["3", "5"], 5, "appears 2 times"),               # repeated: the last one wins, and the link is told
])
def test_int_values_are_clamped_or_ignored(raw, value, notice_says):
    parsed = HIDDEN.parse(raw)
    assert parsed.value == value and isinstance(parsed.value, int)
    if notice_says is None:
        assert parsed.notice is None
    else:
        assert notice_says in parsed.notice and str(value) in parsed.notice


def test_a_repeated_value_is_quoted_escaped():
    notice = HIDDEN.parse(["5", "<b>9`"]).notice
    assert "`5`" in notice and "`<b>9`" in notice           # backticks dropped, the rest quoted as inline code
    assert notice.count("`") % 2 == 0


@pytest.mark.parametrize("raw,value,changed", [
    # README's and Streamlit's forms
    (["keras"], "keras", False), (["KERAS "], "keras", False), (["Keras"], "keras", False),
    (["tensorflow"], "pytorch", True), ([""], "pytorch", True), (["keras", "pytorch"], "pytorch", True),
])
def test_choice(raw, value, changed):
    parsed = CONVENTION.parse(raw)
    assert parsed.value == value and (parsed.notice is not None) == changed


@pytest.mark.parametrize("raw,value,changed", [
    (["1"], True, False), (["TRUE"], True, False), (["true"], True, False), (["false"], False, False),
    (["on"], True, False), (["0"], False, False),
    (["no"], False, False), (["maybe"], False, True),
])
def test_bool(raw, value, changed):
    parsed = BIDIRECTIONAL.parse(raw)
    assert parsed.value is value and (parsed.notice is not None) == changed


@pytest.mark.parametrize("raw,value,changed", [
    (["lstm,rnn"], ("rnn", "lstm"), False),              # kept in the options' order
    (["gru"], ("gru",), False),
    (["lstm", "gru"], ("gru", "lstm"), False),           # repeated params add up
    (["GRU", "LSTM"], ("gru", "lstm"), False),           # Streamlit's own form: one label per parameter
    (["LSTM,lstm, gru"], ("gru", "lstm"), False),        # case and duplicates do not matter
    (["<script>alert(1)</script>,lstm"], ("lstm",), True),
    (["<script>"], ("rnn", "lstm"), True),
    ([","], ("rnn", "lstm"), True),
])
def test_multi_choice(raw, value, changed):
    parsed = MODELS.parse(raw)
    assert parsed.value == value and (parsed.notice is not None) == changed


def test_notices_never_carry_markup_or_long_text():
    notice = MODELS.parse(["`**x**`<img src=x onerror=alert(1)>" * 20]).notice
    assert notice.count("`") % 2 == 0                    # our own inline-code quotes stay balanced
    assert len(notice) < 200
    assert shown("a`b\nc") == "abc"


def test_url_text_is_streamlits_own_form_and_round_trips():
    assert CONVENTION.to_url("keras") == ["Keras"] and BIDIRECTIONAL.to_url(True) == ["true"]
    assert MODELS.to_url(("gru", "lstm")) == ["GRU", "LSTM"]
    for control, value in ((HIDDEN, 300), (CONVENTION, "keras"), (BIDIRECTIONAL, True), (MODELS, ("gru", "lstm"))):
        parsed = control.parse(control.to_url(value))
        assert parsed.value == value and parsed.notice is None


KNOWN = frozenset({"layers", "convention", "input", "hidden"})


def test_teacher_lists_keep_known_names():
    assert parse_name_list("hide", ["layers,Convention"], KNOWN).value == ("layers", "convention")
    assert parse_name_list("hide", ["layers", "input"], KNOWN).value == ("layers", "input")


@pytest.mark.parametrize("raw,kept,quoted", [
    (["layer"], (), "`layer` is not a control name"),
    (["hiden,input"], ("input",), "`hiden`"),
    (["*"], (), "`*`"),
    (["input,<b>bold</b>,input"], ("input",), "`<b>bold</b>`"),
    (["nonexistent,x`y"], (), "`nonexistent`, `xy` are not control names"),
])
def test_teacher_list_typos_are_quoted_with_the_valid_names(raw, kept, quoted):
    parsed = parse_name_list("lock", raw, KNOWN, here=("hidden", "input"))
    assert parsed.value == kept
    assert quoted in parsed.notice and "controls here: hidden, input" in parsed.notice
    assert parsed.notice.count("`") % 2 == 0


SENTENCE = TextControl("text", "Your sentence", max_chars=20, default="I grew up in France")


@pytest.mark.parametrize("raw,value,notice_says", [
    (["so I speak fluent"], "so I speak fluent", None),
    (["<b>bold</b> & more"], "<b>bold</b> & more", None),    # kept as text; the page never renders it as markup
    (["x" * 25], "x" * 20, "25 characters long"),
    (["a\x00b\x1bc\nd"], "abc\nd", "control characters"),
    (["first", "second"], "second", "appears 2 times"),       # repeated: the last one wins, with a notice
])
def test_text_is_cleaned_and_cut(raw, value, notice_says):
    parsed = SENTENCE.parse(raw)
    assert parsed.value == value
    assert (parsed.notice is None) == (notice_says is None)
    if notice_says:
        assert notice_says in parsed.notice


BIASES = NumbersControl("b_f", "Biases", -8.0, 8.0, default=(6.0, 6.0, -0.25))


@pytest.mark.parametrize("raw,value,notice_says", [
    ([",-1.5"], (6.0, -1.5, -0.25), None),                  # an empty place keeps the default
    (["1,2,3"], (1.0, 2.0, 3.0), None),
    (["1,2,3,"], (1.0, 2.0, 3.0), None),                     # a trailing comma is no extra value
    (["1,2,3,4,5"], (1.0, 2.0, 3.0), "5 values for 3 places"),
    (["abc,99"], (6.0, 8.0, -0.25), "`abc`, is not a number (kept 6); value 2, `99`, is above the maximum"),
    (["nan,-inf,1e400"], (6.0, -8.0, 8.0), "below the minimum"),
    (["0.123"], (0.12, 6.0, -0.25), "more than 2 decimals (using 0.12)"),
    (["1", "2"], (2.0, 6.0, -0.25), "appears 2 times"),
    (["9" * 400], (6.0, 6.0, -0.25), "too long to read"),
    (["<script>,`x`"], (6.0, 6.0, -0.25), "`<script>`, is not a number"),
])
def test_numbers_are_clamped_per_place_with_one_notice(raw, value, notice_says):
    parsed = BIASES.parse(raw)
    assert parsed.value == value and all(isinstance(v, float) for v in parsed.value)
    assert (parsed.notice is None) == (notice_says is None)
    if notice_says:
        assert notice_says in parsed.notice and "\n" not in parsed.notice and parsed.notice.count("`") % 2 == 0


@pytest.mark.parametrize("value,url", [
    ((6.0, -1.5, -0.25), [",-1.5"]),                          # only what differs, in its place
    ((-0.0, 6.0, -0.25), ["0"]),
    ((6.0, 6.0, 0.05), [",,0.05"]),
    ((-0.5, 6.0, 8.0), ["-0.5,,8"]),
])
def test_numbers_go_into_the_link_as_the_places_that_differ_and_come_back(value, url):
    assert BIASES.to_url(value) == url
    assert BIASES.parse(url) == Parsed(tuple(v + 0.0 for v in value))
