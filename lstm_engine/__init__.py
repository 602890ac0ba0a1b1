"""lstm_engine: RNN, GRU and LSTM in numpy with exact backpropagation through time, and the lesson's memory
experiment built on them. numpy only: this package never imports streamlit, plotly or pandas.

    lstm_engine/layers/   the recurrent layers: run, train (Adam, clipping) and count an RNN, GRU or LSTM
    lstm_engine/memory/   the experiment: the "I grew up in France … so I speak fluent ___" task, training,
                          retention and gradient measurements, the shipped models (memory/models/)
    lstm_engine/train.py, retention.py, predict.py   the command lines (`python -m lstm_engine.train`, …)

`layers` never imports `memory`. The short names below are loaded on first use (PEP 562), so the command-line
modules run without the package importing them first.
"""

from importlib import import_module

_EXPORTS = {
    "RNN": "layers.rnn", "GRU": "layers.gru", "LSTM": "layers.lstm",
    "ParamCount": "layers.param_count", "count_parameters": "layers.param_count",
    "PAIRS": "memory.memory_task", "TaskConfig": "memory.memory_task", "lesson_sentence": "memory.memory_task",
    "tokenize": "memory.memory_task", "two_country_sentence": "memory.memory_task",
    "Classifier": "memory.model",
    "SHIPPED_KINDS": "memory.shipped", "load_shipped": "memory.shipped", "shipped_metadata": "memory.shipped",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lstm_engine' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
