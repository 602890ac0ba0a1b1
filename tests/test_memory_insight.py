"""The Why LSTM page's sentences say what the given measurements say: numbers read back from the text equal the
data's, and the verdict follows the counts (no claim the runs do not support). Built on small made-up Findings, so
each test can make the lesson hold or fail."""

import numpy as np
import pytest
from made_up_findings import findings

from dashboard.text.memory_insight import (
    expected_language,
    intro_finding,
    key_insight,
    learned_caption,
    learning_caption,
    measured_cause,
    no_country_note,
    of,
    power,
    reach_words,
    run_phrase,
    yours_compared,
)
from lstm_engine.memory.memory_task import PAIRS, tokenize
from lstm_engine.memory.retention import RetentionCurve


@pytest.mark.parametrize("value,words", [(8.5e4, "about 10⁵"), (9.3e-4, "about 10⁻³"), (2.5e41, "about 10⁴¹"),
                                         (0.5, "0.5"), (1e-300, "less than 10⁻³⁰⁰"), (3.2e-33, "about 10⁻³²")])
def test_power_rounds_to_the_nearest_decade(value, words):
    assert power(value) == words


def test_of_names_all_none_and_some():
    assert (of((10, 10)), of((0, 10)), of((3, 10))) == ("all 10", "none of 10", "3 of 10")


def test_the_intro_says_the_rnn_fails_to_learn_when_the_counts_show_it():
    found = intro_finding(findings(rnn_long_learns=0, rnn_easy_learns=9))
    assert found.holds
    assert "apart only, none of 10 RNN runs learned the link and all 10 LSTM runs" in found.evidence
    assert "9 of 10 RNN runs learned it even 200 words apart" in found.evidence
    assert "fail to learn the link" in found.evidence and "distance defeats both" not in found.evidence


def test_the_intro_names_the_farthest_distance_the_lstm_learns_and_where_distance_defeats_both():
    found = intro_finding(findings(rnn_long_learns=0, lstm_long_learns={200: 0, 100: 1}))
    assert found.holds
    assert found.evidence.startswith("Measured: trained on sentences 25–50 words apart only, none of 10 RNN runs")
    assert "Farther apart, trained on sentences 100–200 words apart only, none of 10 RNN runs learned the link and " \
           "none of 10 LSTM runs: within this training budget, distance defeats both" in found.evidence


def test_the_intro_says_so_when_the_runs_do_not_show_the_lessons_claim():
    found = intro_finding(findings(rnn_long_learns=10, rnn_easy_learns=10))
    assert not found.holds and "do not show the lesson's claim" in found.evidence
    assert "fail to learn" not in found.evidence


def test_the_measured_cause_quotes_the_reach_and_both_counts():
    text = measured_cause(findings(rnn_long_learns=1, rnn_reach=1e-30, lstm_reach=1e-3), gap=100)
    assert text.startswith("Measured cause: About 10⁻³⁰ of the RNN's training signal at the blank gets back to "
                           "France, 205 words earlier (of the LSTM's: about 10⁻³).")
    assert "100–200 words apart only, 1 of 10 RNN runs learned the link and all 10 LSTM runs" in text
    assert "9 of 10 RNN runs learned it even at 200 words" in text


def test_without_a_contrast_the_cause_is_only_what_was_measured():
    text = measured_cause(findings(rnn_long_learns=10), gap=100)
    assert text.startswith("Measured: About") and "So," not in text and "cause" not in text


def test_past_the_training_distance_the_cause_is_the_fading_memory():
    text = measured_cause(findings(rnn_at_400=0.3), gap=400)
    assert text.startswith("Past the 200 words it was trained on") and "30% right here" in text


def test_the_learned_caption_lists_every_count_of_every_setting():
    text = learned_caption(findings(rnn_long_learns=2), ("rnn", "lstm"))
    assert "RNN 2/10 at 10, 2/10 at 25, 2/10 at 50, 2/10 at 100, 2/10 at 200" in text
    assert "RNN 9/10 at 10" in text and "LSTM 10/10 at 10" in text


def test_the_key_insight_follows_the_medians_of_the_setting():
    fades = key_insight(findings(rnn_at_400=0.3), ("rnn", "gru", "lstm"), (0, 10))
    assert fades.holds and "RNN 30%" in fades.evidence and "LSTM 100%" in fades.evidence
    both = key_insight(findings(rnn_at_400=0.95), ("rnn", "lstm"), (0, 10))
    assert not both.holds and "do not show that difference" in both.evidence


def test_the_reach_words_quote_the_typical_run_and_the_ratio():
    text = reach_words(findings(rnn_reach=2e-9, lstm_reach=4e-4), ("rnn", "lstm"))
    assert "RNN 2.0e-09" in text and "LSTM 4.0e-04" in text and "through the cell state 8.0e-04" in text
    assert "about 10⁵ times more" in text and "eases vanishing gradients" in text


def test_the_learning_caption_names_the_first_step_at_90_percent():
    text = learning_caption(findings(rnn_easy_learns=9), ("rnn", "lstm"))
    assert "the median RNN run first reaches 90% after 200 steps" in text


def test_run_phrase_and_the_other_sentences():
    assert "median of 10" in run_phrase("typical", 10) and "lucky" in run_phrase("best", 10)
    assert expected_language(tokenize("I grew up in Spain. Then we moved to Japan. So I speak fluent"),
                             PAIRS) == "Japanese"
    assert expected_language(tokenize("Hello there"), PAIRS) is None
    assert "France" in no_country_note(PAIRS)
    curve = RetentionCurve("lstm", [5, 200], [1.0, 0.5], [1.0, 0.5], [1.0, 0.5], 0.125, 200, 1)
    text = yours_compared("Your LSTM", curve, findings())
    assert text.startswith("Your LSTM: 50% right with 200 words in between") and "median 100%" in text
    assert "all 10 learned the task" in text
    assert np.isclose(findings().median_accuracy("rnn", 400), 0.4)


def test_the_summarys_takeaway_quotes_the_reach_and_the_long_sentence_counts():
    from dashboard.text.memory_insight import takeaway
    text = takeaway(findings(rnn_long_learns=1, rnn_reach=1e-30, lstm_reach=2e-3))
    assert "about 10⁻³ reaches the country 205 words back in the typical LSTM run, about 10⁻³⁰ in the RNN's" in text
    assert "all 10 LSTM runs and 1 of 10 RNN runs learned the link" in text


def test_the_key_insight_says_so_when_the_rnn_holds_on_further():
    import dataclasses
    found = findings(rnn_at_400=0.6)
    weaker = {key: tuple(dataclasses.replace(run, retention=dataclasses.replace(
        run.retention, accuracy=[*run.retention.accuracy[:-1], 0.3])) for run in runs)
        if key[0] == "lstm" else runs for key, runs in found.runs.items()}
    insight = key_insight(dataclasses.replace(found, runs=weaker), ("rnn", "lstm"), (0, 10))
    assert not insight.holds and insight.headline.startswith("Trained this way, the RNN's memory reaches further")
    assert "RNN 60%" in insight.evidence and "LSTM 30%" in insight.evidence
