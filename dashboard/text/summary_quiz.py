"""The Summary page's self-check: questions whose numeric answers come from `lstm_engine.count_parameters`.

Pure (no Streamlit): `quiz(input_size, hidden_size)` builds the questions, `check(question, response)` says
whether a response is right and why, in a sentence ready for the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lstm_engine import count_parameters

LESSON_INPUT, LESSON_HIDDEN = 10, 20       # the lesson-sized example: "input 10, hidden 20"


@dataclass(frozen=True)
class NumberQuestion:
    key: str
    prompt: str
    answer: int
    explanation: str                                   # the formula with numbers
    near_misses: dict[int, str] = field(default_factory=dict)   # a common wrong answer -> what it counts


@dataclass(frozen=True)
class ChoiceQuestion:
    key: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str


Question = NumberQuestion | ChoiceQuestion


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


def _parameter_question(key: str, kind: str, input_size: int, hidden_size: int, prompt: str) -> NumberQuestion:
    pytorch = count_parameters(kind, input_size, hidden_size)
    keras = count_parameters(kind, input_size, hidden_size, convention="keras")
    near = {keras.total: "That is the Keras count (one bias vector per block); PyTorch keeps two."}
    if kind != "rnn":
        rnn = count_parameters("rnn", input_size, hidden_size)
        near[rnn.total] = "That is a plain RNN with one block of weights."
    near.pop(pytorch.total, None)
    return NumberQuestion(key, prompt, pytorch.total, f"{kind.upper()}: {pytorch.formula}", near)


def quiz(input_size: int, hidden_size: int) -> list[Question]:
    """The questions, the last one at the sizes the student picked above them."""
    lesson = {kind: count_parameters(kind, LESSON_INPUT, LESSON_HIDDEN) for kind in ("rnn", "gru", "lstm")}
    ratio = lesson["lstm"].ratio_to(lesson["rnn"])
    ratio_options = sorted({2.0, lesson["gru"].ratio_to(lesson["rnn"]), ratio, 8.0})
    return [
        _parameter_question(
            "lstm_lesson", "lstm", LESSON_INPUT, LESSON_HIDDEN,
            f"How many parameters does an LSTM with input size {LESSON_INPUT} and hidden size {LESSON_HIDDEN} "
            "have (counted as PyTorch does)?"),
        ChoiceQuestion(
            "ratio", "An LSTM and an RNN have the same input and hidden sizes. How many times as many "
            "parameters does the LSTM have?",
            tuple(f"{r:g}×" for r in ratio_options), f"{ratio:g}×",
            f"Four blocks of weights (i, f, c̃, o) instead of one: {lesson['lstm'].total:,} vs "
            f"{lesson['rnn'].total:,} at input {LESSON_INPUT}, hidden {LESSON_HIDDEN}."),
        ChoiceQuestion(
            "forget", "Which part of the LSTM decides what to throw away from the cell state?",
            ("Input gate", "Forget gate", "Output gate", "Candidate"), "Forget gate",
            "f(t) = σ(W_f·[h(t-1), x(t)] + b_f) multiplies the old cell state: 0 erases, 1 keeps."),
        ChoiceQuestion(
            "highway", "At every step the forget gate is 1 and the input gate is 0. What happens to the cell "
            "state C?",
            ("It is erased", "It is kept unchanged", "It becomes the candidate c̃", "It is squashed by tanh"),
            "It is kept unchanged",
            "C(t) = f(t)·C(t-1) + i(t)·c̃(t) = 1·C(t-1) + 0: the highway carries it unchanged."),
        _parameter_question(
            "gru_yours", "gru", input_size, hidden_size,
            f"With the sizes picked above (input {input_size}, hidden {hidden_size}), how many parameters "
            "does a GRU have (counted as PyTorch does)?"),
    ]


def check(question: Question, response) -> Feedback | None:
    """None when there is no response yet; otherwise whether it is right and a sentence explaining why."""
    if response is None:
        return None
    if isinstance(question, NumberQuestion):
        if int(response) == question.answer:
            return Feedback(True, f"Right: {question.explanation}.")
        hint = question.near_misses.get(int(response), "Count the blocks, then I×H + H×H + biases per block.")
        return Feedback(False, f"Not quite. {hint}")
    if response == question.answer:
        return Feedback(True, f"Right. {question.explanation}")
    return Feedback(False, f"Not quite — try again. Hint: {question.explanation.split(':')[0]}.")
