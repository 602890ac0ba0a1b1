"""Shared by the Gates and Data Flow AppTests: open a page with a stand-in for the shipped LSTM, read its charts."""

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import lstm_engine.memory.shipped
from dashboard.controls.copy_field import link_in
from lstm_engine.memory.memory_task import PAIRS, default_vocabulary
from lstm_engine.memory.model import Classifier

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")


def small_model():
    return Classifier("lstm", default_vocabulary(), PAIRS[:8], embed_dim=8, hidden_size=6, seed=3)


def missing(kind):
    raise FileNotFoundError("no shipped model")


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts and ends with empty Streamlit caches (the stand-in model differs between tests).
    Test modules import this name, which makes it their autouse fixture."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page, monkeypatch, loader, query=None):
    """Run the app once (its first page untouched), then let `loader` stand in for `load_shipped` and open
    `page` with a link's query string."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    monkeypatch.setattr(lstm_engine.memory.shipped, "load_shipped", loader)
    st.cache_resource.clear()          # the first page loaded the real models through the same door
    st.cache_data.clear()
    at.query_params.update(query or {})
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at):
    """Plotly specs on the page by title."""
    specs = (json.loads(chart.proto.spec) for chart in at.get("plotly_chart"))
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def link_notices(at):
    return " ".join(w.value for w in at.warning if "link were adjusted" in w.value)


def warnings(at):
    return " ".join(w.value for w in at.warning)


def copied_link(at) -> str:
    """The link "Copy link to this view" offers: the text of its field in the sidebar."""
    links = [link for link in (link_in(element.value) for element in at.sidebar.html) if link is not None]
    assert len(links) == 1, links
    return links[0]


def link_query(at) -> dict[str, str]:
    """The query of "Copy link to this view" (the address bar itself is written by the browser side of
    Streamlit's binding, which AppTest does not run): one value per name, repeated names comma-joined."""
    from urllib.parse import parse_qs, urlparse
    return {name: ",".join(values) for name, values in parse_qs(urlparse(copied_link(at)).query).items()}
