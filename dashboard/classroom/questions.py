"""The predict-then-reveal questions a class answers, registered with their options: an answer is stored only if
its question is in the bank and its option is one of the question's, so a forged request cannot invent either.

A question's id is stored with every answer: keep ids stable, add new questions rather than reword an id.
Pages show `prompt` and `options` as they are here, so what a student picks is exactly what is counted.
"""
from __future__ import annotations

from dataclasses import dataclass

from dashboard.classroom.errors import InvalidInput

MAX_ID_LENGTH, MAX_OPTION_LENGTH = 64, 64       # the database columns' widths


@dataclass(frozen=True)
class Question:
    id: str                    # "<page url path>.<name>"
    page: str                  # the page's url path, where the question is asked
    prompt: str
    options: tuple[str, ...]

    def __post_init__(self):
        if not self.id or len(self.id) > MAX_ID_LENGTH or not self.id.startswith(f"{self.page}."):
            raise ValueError(f"question id {self.id!r} must start with its page ({self.page!r}.) and fit 64 characters")
        if len(self.options) < 2 or len(set(self.options)) != len(self.options):
            raise ValueError(f"question {self.id!r} needs two or more different options")
        if any(not option or len(option) > MAX_OPTION_LENGTH for option in self.options):
            raise ValueError(f"question {self.id!r}: every option is 1-64 characters")


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]

    def __post_init__(self):
        ids = [question.id for question in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("two questions share an id")

    def __iter__(self):
        return iter(self.questions)

    def __len__(self):
        return len(self.questions)

    def question(self, question_id) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise InvalidInput(f"no question {str(question_id)[:MAX_ID_LENGTH]!r}")

    def check(self, question_id, option) -> Question:
        """The question, if `option` is one of its options; else InvalidInput."""
        question = self.question(question_id)
        if option not in question.options:
            raise InvalidInput(f"{str(option)[:MAX_OPTION_LENGTH]!r} is not an option of {question.id}")
        return question


GATE_OPTIONS = ("Forget gate", "Input gate", "Output gate")
# The lesson's own words for the parts of the cell (the Summary quiz asks which one does what).
GATE_ROLES = ("Decides what to remove from memory", "Decides what new info to store", "Decides what to output",
              "Creates new candidate values")

# Asked before the page shows the answer; the measured answer each page reveals comes from the engine
# (dashboard/class_ui/measured.py), so the options here never say which one is right.
LESSON_QUESTIONS = QuestionBank((
    Question("why-lstm.rnn-at-100", "why-lstm",
             "Trained on sentences up to 200 words apart, how often will the typical RNN name the right language "
             "with 100 words in between?",
             ("Nine times in ten or more", "Between half and nine in ten", "Less than half the time")),
    Question("gates.lets-go-of-france", "gates",
             "The LSTM reads “I grew up in France … then we moved to Spain …”. Which gate lets go of France when "
             "the sentence moves on to Spain?", GATE_OPTIONS),
    Question("data-flow.cell-update", "data-flow",
             "Which line computes the new cell state C(t)?",
             ("f(t)·C(t-1) + i(t)·c̃(t)", "o(t)·tanh(C(t-1))", "σ(W·[h(t-1), x(t)] + b)")),
    Question("rnn-vs-lstm.parameter-ratio", "rnn-vs-lstm",
             "How many times the RNN's parameters has an LSTM of the same size?",
             ("About 2×", "About 4×", "About 8×")),
    Question("summary.why-rnn-fails", "summary",
             "Why does the plain RNN lose “France” over a long gap?",
             ("Its training signal fades on the way back", "It has too few parameters to hold a country",
              "It never saw the word “French” in training")),
    Question("summary.forget-gate", "summary", "What does the forget gate do?", GATE_ROLES),
    Question("summary.input-gate", "summary", "What does the input gate do?", GATE_ROLES),
    Question("summary.output-gate", "summary", "What does the output gate do?", GATE_ROLES),
))
