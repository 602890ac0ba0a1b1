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


KIND_OPTIONS = ("RNN", "GRU", "LSTM")

LESSON_QUESTIONS = QuestionBank((
    Question("why-lstm.remembers-at-100", "why-lstm",
             "With 100 words between the country and the blank, which model still names the language?",
             (*KIND_OPTIONS, "None of them")),
    Question("rnn-vs-lstm.parameter-ratio", "rnn-vs-lstm",
             "Same input and hidden size: how many times an RNN's parameters does an LSTM have?",
             ("About 2×", "About 4×", "About 8×")),
    Question("gates.keeps-the-country", "gates",
             "Which gate keeps the country in the cell while the filler words go by?",
             ("Forget gate", "Input gate", "Output gate")),
    Question("data-flow.gradient-reach", "data-flow",
             "Whose training signal still reaches a word 200 steps back?",
             (*KIND_OPTIONS, "None of them")),
))
