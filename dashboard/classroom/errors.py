"""What the classroom refuses, as exception types: a page catches ClassroomError and shows its message in one line
(the lesson goes on without the class); the command line prints it and exits non-zero."""


class ClassroomError(Exception):
    """Any refusal or failure of the classroom; its message is one line, fit to show."""


class ClassroomUnavailable(ClassroomError):
    """The database cannot be reached (or was written by a newer version of this code)."""


class UnknownClass(ClassroomError):
    """No class has this code (mistyped, or purged after it expired)."""


class WrongToken(ClassroomError):
    """The teacher token does not match the class's."""


class ClassClosed(ClassroomError):
    """The class was closed by its teacher or has expired: it takes no more writes."""


class AnswerLocked(ClassroomError):
    """The question was revealed: answers stay as they were until the teacher resets it."""


class LimitReached(ClassroomError):
    """A cap of the class or of one student's session (dashboard/classroom/limits.py) is reached; nothing stored."""


class InvalidInput(ClassroomError, ValueError):
    """A value that no page would send: an unknown question or option, a malformed id, a control not on the list."""
