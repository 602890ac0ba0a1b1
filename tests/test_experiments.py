"""The experiments the pages draw: gradient flow (checked against torch autograd) and the forget-gate story."""
import numpy as np
import pytest

from lstm_engine.memory.forget_story import forget_story
from lstm_engine.memory.gradient_flow import gradient_flow, untrained_like
from lstm_engine.memory.memory_task import QUESTION, TaskConfig, batch_for_gap, build_vocabulary, two_country_sentence
from lstm_engine.memory.model import Classifier, softmax
from lstm_engine.memory.retention import task_of

CONFIG = TaskConfig(countries=4)


def model_of(kind, seed=0):
    return Classifier(kind, build_vocabulary(CONFIG), CONFIG.pairs, embed_dim=4, hidden_size=6, seed=seed)


def torch_state_gradient_norms(model, ids, labels):
    """||dL_b/dh(t)|| (and c) for every t, from a torch cell loop with the same weights (L = sum of per-sentence CE)."""
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    cell_class = {"rnn": torch.nn.RNNCell, "gru": torch.nn.GRUCell, "lstm": torch.nn.LSTMCell}[model.kind]
    cell = cell_class(model.embed_dim, model.hidden_size).double()
    state = model.layer.state_dict()
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(torch.from_numpy(state[name + "_l0"]))
    x = torch.from_numpy(model.embedding[ids])
    B, T = ids.shape
    h = torch.zeros(B, model.hidden_size, dtype=torch.float64, requires_grad=True)
    c = torch.zeros(B, model.hidden_size, dtype=torch.float64, requires_grad=True)
    hs, cs = [h], [c]
    for t in range(T):
        if model.kind == "lstm":
            h, c = cell(x[:, t], (h, c))
            c.retain_grad()
            cs.append(c)
        else:
            h = cell(x[:, t], h)
        h.retain_grad()
        hs.append(h)
    logits = h @ torch.from_numpy(model.readout_weight).T + torch.from_numpy(model.readout_bias)
    torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels), reduction="sum").backward()
    h_norms = np.array([s.grad.norm(dim=1).numpy() for s in hs])        # (T+1, B): state with T-k tokens to read
    c_norms = np.array([s.grad.norm(dim=1).numpy() for s in cs]) if model.kind == "lstm" else None
    return h_norms, c_norms


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_gradient_flow_matches_torch_autograd_at_every_distance(kind):
    model = model_of(kind, seed=3)
    flow = gradient_flow(model, gap=6, samples=5, seed=2)
    batch = batch_for_gap(task_of(model), model.vocab, 5, 6, np.random.default_rng([2, 6]))
    h_norms, c_norms = torch_state_gradient_norms(model, batch.ids, batch.labels)
    T = batch.ids.shape[1]
    assert list(flow.distance) == list(range(1, T + 1))
    state_index = T - flow.distance                                    # state after T - d tokens
    np.testing.assert_allclose(flow.h_norm, h_norms[state_index].mean(axis=1), rtol=1e-9)
    np.testing.assert_allclose(flow.h_ratio, (h_norms[state_index] / h_norms[T - 1]).mean(axis=1), rtol=1e-9)
    if kind == "lstm":
        np.testing.assert_allclose(flow.c_norm, c_norms[state_index].mean(axis=1), rtol=1e-9)
    else:
        assert flow.c_norm is None and flow.c_ratio is None
    assert flow.country_distance == T - 5 and not flow.trained


def test_gradient_flow_thins_the_grid_on_long_sentences_and_untrained_like_copies_sizes():
    model = model_of("lstm")
    model.trained = True
    fresh = untrained_like(model, seed=5)
    assert (fresh.kind, fresh.embed_dim, fresh.hidden_size, fresh.languages) == \
        (model.kind, model.embed_dim, model.hidden_size, model.languages) and not fresh.trained
    assert not np.array_equal(fresh.embedding, model.embedding)
    flow = gradient_flow(model, gap=90, samples=2, points=12)
    assert len(flow.distance) == 12 and flow.distance[0] == 1 and flow.distance[-1] == 100 and flow.trained
    with pytest.raises(ValueError):
        gradient_flow(model, samples=0)


def test_forget_story_probs_are_the_answers_the_model_gives_when_asked_at_each_token():
    model = model_of("lstm", seed=1)
    text = two_country_sentence("Spain", "Italy", gap1=3, gap2=2, seed=0)
    story = forget_story(model, text, units=3)
    T = len(story.tokens)
    assert story.probs.shape == (T, 4) and story.f.shape == story.c.shape == (T, 6)
    assert story.country_positions == [4, story.tokens.index("italy")]
    for t in (0, 4, 9, T - 5):
        prefix = " ".join(story.tokens[:t + 1] + list(QUESTION))
        np.testing.assert_allclose(story.probs[t], model.predict(prefix).probs, rtol=1e-10)
    np.testing.assert_allclose(story.probs[-1], model.predict(text).probs, rtol=1e-10)   # already asked
    run = model.run(text)
    np.testing.assert_allclose(story.f, run.trace.f[0])
    jump = np.abs(np.diff(np.vstack([np.zeros(6), story.c]), axis=0))[story.country_positions].sum(axis=0)
    assert sorted(story.carrier_units) == sorted(np.argsort(-jump)[:3].tolist())


def test_switch_index_is_where_the_answer_becomes_and_stays_the_last_country():
    model = model_of("lstm", seed=1)
    story = forget_story(model, "i grew up in france . then we moved to spain . so i speak fluent")
    top = np.argmax(story.probs, axis=1)
    spanish = model.languages.index("Spanish")
    if story.switch_index is None:
        assert top[-1] != spanish
    else:
        assert np.all(top[story.switch_index:] == spanish) and top[story.switch_index - 1] != spanish
        assert story.switch_index >= story.country_positions[-1]
    assert forget_story(model, "i grew up in france . so i speak fluent").switch_index is None


def test_forget_story_needs_an_lstm_and_words():
    with pytest.raises(ValueError, match="LSTM"):
        forget_story(model_of("gru"), "i grew up in france")
    with pytest.raises(ValueError, match="no words"):
        forget_story(model_of("lstm"), " ,, ")


def test_softmax_is_stable_for_huge_logits():
    p = softmax(np.array([[1000.0, 0.0, -1000.0]]))
    assert np.all(np.isfinite(p)) and p[0, 0] == pytest.approx(1.0)
