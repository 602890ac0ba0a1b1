"""The task generator and tokenizer: exact gaps, fillers that never give the answer away, determinism per seed."""
import numpy as np
import pytest

from lstm_engine.memory.filler_clauses import FILLER_CLAUSES, FILLER_SINGLE_WORDS
from lstm_engine.memory.memory_task import (
    PAIRS,
    QUESTION,
    TaskConfig,
    Vocabulary,
    batch_for_gap,
    build_vocabulary,
    filler_words,
    lesson_sentence,
    tokenize,
    two_country_sentence,
)

NAMES = {name.lower() for pair in PAIRS for name in pair}


def test_pairs_start_with_france_and_have_at_least_eight_distinct_pairs():
    assert PAIRS[0] == ("France", "French")
    assert len(PAIRS) >= 8
    assert len({c for c, _ in PAIRS}) == len({lang for _, lang in PAIRS}) == len(PAIRS)


def test_tokenize_lowercases_splits_punctuation_and_accepts_anything():
    assert tokenize("I grew up in France... So I speak FLUENT?") == \
        ["i", "grew", "up", "in", "france", ".", "so", "i", "speak", "fluent", "."]
    assert tokenize("We didn\u2019t, honestly!") == ["we", "didn't", "honestly", "."]
    assert tokenize("") == [] and tokenize("  ,,, -- ") == []
    assert tokenize("caf\u00e9 \U0001F600 m\u00fcnchen_2") == ["caf\u00e9", "m\u00fcnchen", "2"]
    with pytest.raises(TypeError):
        tokenize(None)


def test_no_filler_word_names_a_country_or_a_language():
    filler_vocabulary = {t for clause in FILLER_CLAUSES for t in tokenize(clause)} | set(FILLER_SINGLE_WORDS)
    assert not filler_vocabulary & NAMES
    for seed in range(20):
        assert not set(filler_words(300, seed)) & NAMES


@pytest.mark.parametrize("gap", [0, 1, 2, 3, 7, 50, 100, 401])
def test_lesson_sentence_has_exactly_gap_tokens_between_country_and_question(gap):
    tokens = tokenize(lesson_sentence("Spain", gap=gap, seed=3))
    assert tokens[:6] == ["i", "grew", "up", "in", "spain", "."]
    assert tokens[-4:] == list(QUESTION)
    assert len(tokens) - 10 == gap
    assert len(filler_words(gap, seed=3)) == gap


def test_sentences_are_deterministic_per_seed_and_differ_across_seeds():
    assert lesson_sentence(gap=60, seed=5) == lesson_sentence(gap=60, seed=5)
    assert lesson_sentence(gap=60, seed=5) != lesson_sentence(gap=60, seed=6)
    assert two_country_sentence(gap1=9, gap2=12, seed=1) == two_country_sentence(gap1=9, gap2=12, seed=1)


def test_two_country_sentence_places_both_countries_at_the_exact_gaps():
    tokens = tokenize(two_country_sentence("France", "Spain", gap1=13, gap2=21, seed=4))
    assert tokens.index("france") == 4
    spain = tokens.index("spain")
    assert tokens[spain - 4:spain] == ["then", "we", "moved", "to"]
    assert spain - 4 - (4 + 2) == 13                     # filler between "france ." and "then we moved to"
    assert len(tokens) - 4 - (spain + 2) == 21           # filler between "spain ." and the question


def test_unknown_country_is_a_readable_error_and_negative_gap_is_refused():
    with pytest.raises(ValueError, match="unknown country"):
        lesson_sentence("Atlantis")
    with pytest.raises(ValueError, match="gap"):
        lesson_sentence(gap=-1)
    with pytest.raises(ValueError, match="gap"):
        filler_words(2.5)


def test_vocabulary_maps_unknown_words_to_unk_and_round_trips_known_ones():
    vocab = build_vocabulary(TaskConfig(countries=8))
    assert vocab.words[:2] == ("<pad>", "<unk>") and vocab.unk == 1
    tokens = tokenize(lesson_sentence("Japan", gap=30, seed=0))
    assert vocab.decode(vocab.encode(tokens)) == tokens
    assert list(vocab.encode(["zebra", "france", "qwerty"])) == [1, vocab.id("france"), 1]
    assert "portugal" not in vocab            # only the config's countries are in its vocabulary
    with pytest.raises(ValueError):
        Vocabulary(["a", "b"])


def test_batches_have_exact_length_correct_labels_and_are_deterministic():
    config = TaskConfig(countries=6)
    vocab = build_vocabulary(config)
    batch = batch_for_gap(config, vocab, 40, 17, np.random.default_rng(0))
    assert batch.ids.shape == (40, 17 + 10)
    countries = [vocab.id(c.lower()) for c, _ in config.pairs]
    assert [countries.index(row[4]) for row in batch.ids] == list(batch.labels)
    assert set(batch.labels) <= set(range(6)) and len(set(batch.labels)) > 1
    again = batch_for_gap(config, vocab, 40, 17, np.random.default_rng(0))
    assert np.array_equal(batch.ids, again.ids) and np.array_equal(batch.labels, again.labels)


def test_two_country_batches_answer_with_the_second_country_which_differs_from_the_first():
    config = TaskConfig(countries=4)
    vocab = build_vocabulary(config)
    batch = batch_for_gap(config, vocab, 64, 5, np.random.default_rng(1), "two_country", gap1=3)
    countries = [vocab.id(c.lower()) for c, _ in config.pairs]
    assert batch.ids.shape == (64, 6 + 3 + 6 + 5 + 4)
    first = [countries.index(row[4]) for row in batch.ids]
    second = [countries.index(row[6 + 3 + 4]) for row in batch.ids]
    assert second == list(batch.labels)
    assert all(a != b for a, b in zip(first, second))


def test_unk_rate_only_hides_filler_words():
    config = TaskConfig(countries=8, unk_rate=0.5)
    vocab = build_vocabulary(config)
    batch = batch_for_gap(config, vocab, 50, 30, np.random.default_rng(2))
    unk_share = np.mean(batch.ids[:, 6:36] == vocab.unk)
    assert 0.3 < unk_share < 0.5                          # template-like filler words ("i", "we", ".") stay
    assert not np.any(batch.ids[:, :6] == vocab.unk) and not np.any(batch.ids[:, -4:] == vocab.unk)


def test_task_config_rejects_bad_values():
    for bad in ({"countries": 1}, {"countries": 99}, {"gap_range": (5, 2)}, {"gap_range": (-1, 3)},
                {"variant": "three"}, {"unk_rate": 1.0}):
        with pytest.raises(ValueError):
            TaskConfig(**bad)


@pytest.mark.parametrize("gap", [1, 2, 3, 4, 11, 12, 13, 57, 200, 400])
def test_fillers_are_whole_sentences_without_a_word_twice_in_a_row(gap):
    clauses = {tuple(tokenize(clause)) for clause in FILLER_CLAUSES}
    for seed in range(5):
        words = filler_words(gap, seed)
        assert len(words) == gap
        assert all(a != b for a, b in zip(words, words[1:]))
        if gap == 1:
            assert words[0] in FILLER_SINGLE_WORDS
            continue
        assert words[-1] == "."
        sentences, current = [], []
        for word in words:
            if word == ".":
                sentences.append(tuple(current))
                current = []
            else:
                current.append(word)
        assert set(sentences) <= clauses                  # only whole clauses, never a cut one or a word salad
        if gap <= 200:                                    # no sentence repeats while unused ones are left
            assert len(set(sentences)) == len(sentences)


def test_every_sentence_length_from_2_to_the_longest_has_clauses_so_every_gap_is_exact():
    lengths = {len(tokenize(clause)) + 1 for clause in FILLER_CLAUSES}
    assert lengths == set(range(2, max(lengths) + 1))


def test_the_shown_sentence_has_capitals_and_full_stops_and_reads_back_to_the_same_tokens():
    text = lesson_sentence("France", gap=60, seed=2)
    assert text.startswith("I grew up in France. ") and text.endswith(". So I speak fluent")
    assert " ." not in text and " i " not in text
    for sentence in text.split(". "):
        assert sentence[0].isupper()
    assert tokenize(text) == ["i", "grew", "up", "in", "france", ".", *filler_words(60, 2), *QUESTION]
    one_word = lesson_sentence("France", gap=1, seed=0)
    assert one_word.startswith("I grew up in France. ") and one_word.endswith(", so I speak fluent")
    assert one_word.split()[5].rstrip(",").lower() in FILLER_SINGLE_WORDS
