"""lstm_engine: RNN, GRU and LSTM in numpy with exact backpropagation through time.

numpy only: this package never imports streamlit, plotly or pandas.

The names below are loaded on first use (PEP 562), so `python -m lstm_engine.retention` (and the other
command-line modules) run without the package having imported them first.
"""

from importlib import import_module

_EXPORTS = {
    "RNN": "rnn", "GRU": "gru", "LSTM": "lstm",
    "ParamCount": "param_count", "count_parameters": "param_count",
    "PAIRS": "memory_task", "TaskConfig": "memory_task", "lesson_sentence": "memory_task",
    "tokenize": "memory_task", "two_country_sentence": "memory_task",
    "Classifier": "model",
    "SHIPPED_KINDS": "shipped", "load_shipped": "shipped", "shipped_metadata": "shipped",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lstm_engine' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
