"""Whatever a link carries, each control gets a usable value, and a notice whenever the link's value was changed."""

import pytest

from dashboard.controls.url_params import (
    BoolControl,
    ChoiceControl,
    IntControl,
    MultiChoiceControl,
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
    (["64.6"], 65, "not a whole number"),
    (["abc"], 128, "not a number"),
    (["nan"], 128, "not a number"),
    ([""], 128, "not a number"),
    (["9" * 400], 128, "not a number"),               # too long to parse
    (["3", "5"], 5, None),                            # repeated: the last one wins
])
def test_int_values_are_clamped_or_ignored(raw, value, notice_says):
    parsed = HIDDEN.parse(raw)
    assert parsed.value == value and isinstance(parsed.value, int)
    if notice_says is None:
        assert parsed.notice is None
    else:
        assert notice_says in parsed.notice and str(value) in parsed.notice


@pytest.mark.parametrize("raw,value,changed", [
    (["keras"], "keras", False), (["KERAS "], "keras", False), (["tensorflow"], "pytorch", True), ([""], "pytorch", True),
])
def test_choice(raw, value, changed):
    parsed = CONVENTION.parse(raw)
    assert parsed.value == value and (parsed.notice is not None) == changed


@pytest.mark.parametrize("raw,value,changed", [
    (["1"], True, False), (["TRUE"], True, False), (["on"], True, False), (["0"], False, False),
    (["no"], False, False), (["maybe"], False, True),
])
def test_bool(raw, value, changed):
    parsed = BIDIRECTIONAL.parse(raw)
    assert parsed.value is value and (parsed.notice is not None) == changed


@pytest.mark.parametrize("raw,value,changed", [
    (["lstm,rnn"], ("rnn", "lstm"), False),              # kept in the options' order
    (["gru"], ("gru",), False),
    (["lstm", "gru"], ("gru", "lstm"), False),           # repeated params add up
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


def test_url_text_round_trips():
    for control, value in ((HIDDEN, 300), (CONVENTION, "keras"), (BIDIRECTIONAL, True), (MODELS, ("gru", "lstm"))):
        assert control.parse([control.to_url(value)]).value == value


def test_teacher_lists_keep_names_only():
    assert parse_name_list("hide", ["layers,convention"]).value == ("layers", "convention")
    parsed = parse_name_list("hide", ["input,<b>bold</b>,input"])
    assert parsed.value == ("input",) and parsed.notice


SENTENCE = TextControl("text", "Your sentence", max_chars=20, default="I grew up in France")


@pytest.mark.parametrize("raw,value,notice_says", [
    (["so I speak fluent"], "so I speak fluent", None),
    (["<b>bold</b> & more"], "<b>bold</b> & more", None),    # kept as text; the page never renders it as markup
    (["x" * 25], "x" * 20, "25 characters long"),
    (["a\x00b\x1bc\nd"], "abc\nd", "control characters"),
    (["first", "second"], "second", None),                    # repeated: the last one wins
])
def test_text_is_cleaned_and_cut(raw, value, notice_says):
    parsed = SENTENCE.parse(raw)
    assert parsed.value == value
    assert (parsed.notice is None) == (notice_says is None)
    if notice_says:
        assert notice_says in parsed.notice
