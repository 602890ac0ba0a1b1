"""A live class on one link, backend only: the teacher starts a class, students answer predict-then-reveal
questions, the teacher sees the counts and reveals them, and the class trains runs together.

    store = open_store()                              # database.py: WHY_LSTM_DATABASE_URL or a local SQLite file
    ticket = new_class(store)                         # classes.py: code + teacher token; expires by itself
    answer(store, ticket.code, student_id, question_id, option)            # answers.py
    tally(store, ticket.code, ticket.token)
    enqueue_run(store, ticket.code, student_id, "lstm", 50, config)        # run_requests.py
    work_one(store)                                   # run_worker.py over training_queue.py
    class_call(answer, code, ...)                     # shared_store.py: the server process's one Store, with a
                                                      # breaker for outages (imported by its users, not here)

Every refusal or failure is a ClassroomError (errors.py) with a one-line message; ClassroomUnavailable means the
database cannot be reached, and the lesson goes on without the class. Command line: `python -m dashboard.classroom`.
"""
from dashboard.classroom.answers import QuestionTally, StudentQuestion, answer, reset, reveal, student_view, tally
from dashboard.classroom.classes import (
                                         ClassInfo,
                                         ClassSettings,
                                         NewClass,
                                         class_info,
                                         close_class,
                                         new_class,
                                         purge_expired,
                                         save_settings,
                                         teacher_info,
)
from dashboard.classroom.database import Store, open_store
from dashboard.classroom.errors import (
                                         AnswerLocked,
                                         ClassClosed,
                                         ClassroomError,
                                         ClassroomUnavailable,
                                         InvalidInput,
                                         LimitReached,
                                         UnknownClass,
                                         WrongToken,
)
from dashboard.classroom.limits import Limits
from dashboard.classroom.questions import LESSON_QUESTIONS, Question, QuestionBank
from dashboard.classroom.run_requests import ClassRun, RunPlace, enqueue_run, list_runs, run_place
from dashboard.classroom.run_worker import train_with_engine, work_one
from dashboard.classroom.students import RosterEntry, join_class, new_student_id, roster
from dashboard.classroom.training_queue import Job, claim, fail, finish, heartbeat

__all__ = [
    "answer", "AnswerLocked", "claim", "class_info", "ClassClosed", "ClassInfo", "ClassroomError",
    "ClassroomUnavailable", "ClassRun", "ClassSettings", "close_class", "enqueue_run", "fail", "finish",
    "heartbeat", "InvalidInput", "Job", "join_class", "LESSON_QUESTIONS", "LimitReached", "Limits", "list_runs",
    "new_class", "new_student_id", "NewClass", "open_store", "purge_expired", "Question", "QuestionBank",
    "QuestionTally", "reset", "reveal", "roster", "RosterEntry", "run_place", "RunPlace", "save_settings", "Store",
    "student_view", "StudentQuestion", "tally", "teacher_info", "train_with_engine", "UnknownClass", "work_one",
    "WrongToken",
]
