"""The sentences about the trained model's gates say what the numbers they are given say, in each case."""

import pytest

from dashboard.text.gate_story import drop_sentence, highway_sentence, stretch, wait_sentence, words_count
from lstm_engine.memory.gate_moments import ForgetDrop, ForgetSpan, LetGo, OutputWait

WORDS = "I grew up in France . Then we moved to Spain . Life went on . So I speak fluent".split()
FRANCE, MOVED, TO, SPAIN = 4, 8, 9, 10
LANGUAGES = ["French", "Spanish"]


def test_the_drop_names_its_unit_word_and_distance_and_where_the_answer_lets_go():
    drop = ForgetDrop(unit=33, position=MOVED, f=0.0354, c_before=-5.16, c_after=0.51, first_country=FRANCE,
                      new_country=SPAIN)
    text = drop_sentence(drop, LetGo(position=TO, language=0, before=0.93, after=0.05), WORDS, LANGUAGES)
    assert text.startswith("The forget gate of unit 34 drops to 0.04 at “moved”, two words before “Spain”")
    assert "from -5.16 to 0.51" in text
    assert "right after “moved”, the model still answers French (P = 0.93)" in text
    assert "right after “to”, P(French) = 0.05: it lets go of France before “Spain” is named." in text
    at_spain = drop_sentence(ForgetDrop(1, SPAIN, 0.2, 1.0, 0.1, FRANCE, SPAIN), None, WORDS, LANGUAGES)
    assert "drops to 0.20 at “Spain” itself" in at_spain and "Asked" not in at_spain
    late = drop_sentence(drop, LetGo(SPAIN + 1, 0, 0.6, 0.1), WORDS, LANGUAGES)
    assert late.endswith("it lets go of France only after “Spain”.")


def test_the_highway_sentence_says_does_or_does_not_by_the_median():
    carries = highway_sentence(ForgetSpan(unit=33, start=FRANCE + 1, end=SPAIN - 1, median=0.93, lowest=0.04,
                                          lowest_position=MOVED), WORDS)
    assert "Unit 34 does: over the five words between “France” and “Spain” its forget gate has a median of 0.93" \
        in carries and "its lowest is 0.04, at “moved”" in carries
    rewrites = highway_sentence(ForgetSpan(2, FRANCE + 1, len(WORDS) - 1, 0.41, 0.02, MOVED), WORDS)
    assert "Unit 3 does not: over the 15 words after “France”" in rewrites and "keeps little" in rewrites


@pytest.mark.parametrize("start,end,says", [
    (5, 9, "the five words between “France” and “Spain”"),
    (0, 3, "the four words before “France”"),
    (5, 19, "the 15 words after “France”"),
    (0, 19, "all 20 words of the sentence"),
])
def test_a_stretch_is_named_by_the_words_around_it(start, end, says):
    assert stretch(WORDS, start, end) == says
    assert words_count(1) == "one word"


def test_the_wait_sentence_reports_the_unit_or_that_none_waits():
    wait = OutputWait(unit=5, start=SPAIN + 1, end=15, mean_o=0.29, lowest_o=0.08, lowest_position=13,
                      least_c=2.42, o_last=0.85, h_last=0.84)
    text = wait_sentence(wait, WORDS)
    assert text.startswith("Unit 6 keeps a value in its cell over the five words between “Spain” and “So”")
    assert "lets little of it into h there: o averages 0.29 (lowest 0.08, at “went”)" in text
    assert text.endswith("At “fluent”, where the answer is read, o = 0.85 and h = 0.84.")
    assert "only part" in wait_sentence(OutputWait(5, 11, 15, 0.62, 0.3, 12, 1.5, 0.99, 0.9), WORDS)
    assert wait_sentence(None, WORDS).startswith("On this sentence no unit")
