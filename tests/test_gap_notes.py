"""A note "[100 words later]" in typed text stands for that many filler words of the task, not three literal words."""
import pytest

from lstm_engine.memory.memory_task import build_vocabulary, expand_gap_notes, gap_notes, lesson_sentence, tokenize

OPENING = ["i", "grew", "up", "in", "france", "."]
QUESTION = ["so", "i", "speak", "fluent"]


def gap_read(text):
    """Tokens the model reads between "I grew up in France ." and "so i speak fluent", checking both are there."""
    tokens = tokenize(expand_gap_notes(text))
    assert tokens[:6] == OPENING and tokens[-4:] == QUESTION, tokens
    return tokens[6:-4]


@pytest.mark.parametrize("words", [0, 1, 2, 7, 100, 401])
def test_the_lessons_note_stands_for_exactly_that_many_words(words):
    between = gap_read(f"I grew up in France... [{words} words later] ...so I speak fluent")
    assert len(between) == words
    assert "later" not in between and str(words) not in between
    vocabulary = build_vocabulary()
    assert all(token in vocabulary for token in between)               # the task's own filler, no <unk>


def test_the_lessons_sentence_reads_like_the_tasks_sentence_at_that_gap():
    text = "I grew up in France... [100 words later] ...so I speak fluent"
    assert tokenize(expand_gap_notes(text)) == tokenize(lesson_sentence("France", 100, seed=0))
    assert expand_gap_notes(text, seed=1) != expand_gap_notes(text, seed=0)


@pytest.mark.parametrize("note", ["[100 words]", "[ 100 Words Later ]", "[100 WORDS later]\u2026"])
def test_short_and_other_case_notes_count_too(note):
    assert len(gap_read(f"I grew up in France. {note} so I speak fluent")) == 100


def test_several_notes_each_expand_and_text_without_a_note_is_unchanged():
    text = "I grew up in Spain. [12 words] Then we moved to France. [30 words later] so I speak fluent"
    tokens = tokenize(expand_gap_notes(text))
    moved = tokens.index("moved")
    assert (moved - 2) - 6 == 12 and len(tokens) - 4 - (moved + 4) == 30      # "then we moved to france ."
    assert gap_notes(text) == [("[12 words]", 12), ("[30 words later]", 30)]
    plain = "I grew up in France [ten words later] so I speak fluent"
    assert expand_gap_notes(plain) == plain and gap_notes(plain) == []


def test_a_huge_note_is_read_as_the_longest_gap_a_note_stands_for():
    text = "I grew up in France... [50000 words later] ...so I speak fluent"
    assert len(gap_read(text)) == 1000
    assert gap_notes(text) == [("[50000 words later]", 50000)]
