"""The one door to the shipped models loads each once per process, and survives Streamlit's cache clearing
(any browser can send `clear_cache`); a patched loader is used at once; a missing model is not remembered."""

import pytest
import streamlit as st

import lstm_engine.memory.shipped
from dashboard.engine_calls import shipped_models
from dashboard.engine_calls.shipped_models import clear_loaded_models, shipped_model


@pytest.fixture(autouse=True)
def empty_table():
    clear_loaded_models()
    yield
    clear_loaded_models()


def counting_loader(calls):
    def load(kind):
        calls.append(kind)
        return object()
    return load


def test_each_model_is_loaded_once_and_outlives_a_clear_cache(monkeypatch):
    calls = []
    monkeypatch.setattr(lstm_engine.memory.shipped, "load_shipped", counting_loader(calls))
    lstm = shipped_model("lstm")
    st.cache_data.clear()
    st.cache_resource.clear()                      # what a client's clear_cache message does
    assert shipped_model("lstm") is lstm and shipped_model("rnn") is not lstm
    assert calls == ["lstm", "rnn"]


def test_a_patched_loader_stands_in_at_once_and_forget_reloads(monkeypatch):
    real = shipped_model("lstm")
    assert real.hidden_size == lstm_engine.memory.shipped.load_shipped("lstm").hidden_size
    calls = []
    monkeypatch.setattr(lstm_engine.memory.shipped, "load_shipped", counting_loader(calls))
    stand_in = shipped_model("lstm")
    assert stand_in is not real and calls == ["lstm"]
    clear_loaded_models()
    assert shipped_model("lstm") is not stand_in and calls == ["lstm", "lstm"]


def test_a_missing_model_raises_each_time_until_it_is_there(monkeypatch):
    def missing(kind):
        raise FileNotFoundError("no shipped model")
    monkeypatch.setattr(lstm_engine.memory.shipped, "load_shipped", missing)
    for _ in range(2):
        with pytest.raises(FileNotFoundError):
            shipped_model("gru")
    assert not shipped_models._LOADED


def test_best_and_worst_runs_come_through_the_same_door_once_each(monkeypatch):
    calls = []

    def load(kind, run="typical"):
        calls.append((kind, run))
        return object()
    monkeypatch.setattr(lstm_engine.memory.shipped, "load_shipped", load)
    best = shipped_model("rnn", "best")
    assert shipped_model("rnn", "best") is best
    assert shipped_model("rnn", "worst") is not best and shipped_model("rnn") is not best
    assert calls == [("rnn", "best"), ("rnn", "worst"), ("rnn", "typical")]
