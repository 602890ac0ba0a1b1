"""Whole-model gradients (embedding -> layer -> read-out -> softmax cross-entropy): finite differences and torch."""
import numpy as np
import pytest

from lstm_engine.layers.optim import Adam, clip_by_global_norm
from lstm_engine.memory.memory_task import TaskConfig, batch_for_gap, build_vocabulary
from lstm_engine.memory.model import Classifier

KINDS = ("rnn", "gru", "lstm")
CONFIG = TaskConfig(countries=4, unk_rate=0.2)


def small_model(kind, seed=0):
    vocab = build_vocabulary(CONFIG)
    return Classifier(kind, vocab, CONFIG.pairs, embed_dim=3, hidden_size=5, seed=seed)


def small_batch(model, gap=3, batch=4, variant="single", seed=0):
    return batch_for_gap(CONFIG, model.vocab, batch, gap, np.random.default_rng(seed), variant, gap1=2)


def loss_of(model, params, batch):
    model.load_parameters(params)
    return model.loss_and_grads(batch.ids, batch.labels)[0]


@pytest.mark.parametrize("kind", KINDS)
def test_every_gradient_matches_central_finite_differences(kind):
    model = small_model(kind, seed=3)
    batch = small_batch(model, variant="two_country")
    params = model.parameters()
    _, grads, _ = model.loss_and_grads(batch.ids, batch.labels)
    rng = np.random.default_rng(0)
    used_rows = np.unique(batch.ids)
    for name, value in params.items():
        flat_indices = rng.choice(value.size, size=min(value.size, 12), replace=False)
        if name == "embedding.weight":     # rows of words in the batch (others have exactly zero gradient)
            rows = rng.choice(used_rows, size=6)
            flat_indices = rows * value.shape[1] + rng.integers(value.shape[1], size=6)
        for flat in flat_indices:
            index = np.unravel_index(flat, value.shape)
            eps = 1e-6
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][index] += eps
            minus[name][index] -= eps
            numeric = (loss_of(model, plus, batch) - loss_of(model, minus, batch)) / (2 * eps)
            assert grads[name][index] == pytest.approx(numeric, rel=1e-5, abs=1e-9), (name, index)
    unused = np.setdiff1d(np.arange(model.vocab.size), used_rows)
    assert np.all(grads["embedding.weight"][unused] == 0)


def torch_twin(model):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    layer_class = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[model.kind]
    embedding = torch.nn.Embedding(model.vocab.size, model.embed_dim).double()
    layer = layer_class(model.embed_dim, model.hidden_size, batch_first=True).double()
    readout = torch.nn.Linear(model.hidden_size, len(model.languages)).double()
    params = model.parameters()
    with torch.no_grad():
        embedding.weight.copy_(torch.from_numpy(params["embedding.weight"]))
        for name, parameter in layer.named_parameters():
            parameter.copy_(torch.from_numpy(params["rnn." + name]))
        readout.weight.copy_(torch.from_numpy(params["readout.weight"]))
        readout.bias.copy_(torch.from_numpy(params["readout.bias"]))
    named = {"embedding.weight": embedding.weight, "readout.weight": readout.weight, "readout.bias": readout.bias}
    named.update({"rnn." + name: p for name, p in layer.named_parameters()})

    def loss(ids, labels):
        y, _ = layer(embedding(torch.from_numpy(ids)))
        logits = readout(y[:, -1])
        return torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels)), logits

    return torch, named, loss


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sizes", [(3, 5, 4), (8, 16, 2)])
def test_loss_logits_and_gradients_match_torch_with_the_same_weights(kind, sizes):
    embed_dim, hidden, gap = sizes
    vocab = build_vocabulary(CONFIG)
    model = Classifier(kind, vocab, CONFIG.pairs, embed_dim=embed_dim, hidden_size=hidden, seed=11)
    batch = batch_for_gap(CONFIG, vocab, 6, gap, np.random.default_rng(5))
    loss, grads, probs = model.loss_and_grads(batch.ids, batch.labels)
    torch, named, torch_loss = torch_twin(model)
    reference, logits = torch_loss(batch.ids, batch.labels)
    reference.backward()
    assert loss == pytest.approx(reference.item(), rel=1e-10)
    np.testing.assert_allclose(probs, torch.softmax(logits, 1).detach().numpy(), rtol=1e-9, atol=1e-12)
    assert set(grads) == set(named)
    for name, parameter in named.items():
        np.testing.assert_allclose(grads[name], parameter.grad.numpy(), rtol=1e-7, atol=1e-11, err_msg=name)


def test_adam_matches_torch_adam_over_several_steps_with_clipping():
    torch = pytest.importorskip("torch")
    model = small_model("lstm", seed=2)
    torch_model, named, torch_loss = torch_twin(model)
    optimizer = torch.optim.Adam(list(named.values()), lr=0.01)
    params = model.parameters()
    adam = Adam(params, lr=0.01)
    for step in range(4):
        batch = small_batch(model, seed=step)
        _, grads, _ = model.loss_and_grads(batch.ids, batch.labels)
        grads, norm = clip_by_global_norm(grads, 0.5)
        adam.step(grads)
        model.load_parameters(params)
        optimizer.zero_grad()
        torch_loss(batch.ids, batch.labels)[0].backward()
        torch_norm = torch.nn.utils.clip_grad_norm_(list(named.values()), 0.5)
        optimizer.step()
        # exact at the first step; later steps start from parameters that differ by torch's ~1e-6 clipping term
        assert norm == pytest.approx(torch_norm.item(), rel=1e-9 if step == 0 else 1e-6)
    for name, parameter in named.items():   # torch clips by max_norm / (norm + 1e-6): a ~1e-6 relative difference
        np.testing.assert_allclose(params[name], parameter.detach().numpy(), rtol=1e-6, atol=1e-7, err_msg=name)


def test_lstm_starts_with_forget_bias_one_and_other_kinds_are_untouched():
    vocab = build_vocabulary(CONFIG)
    plain = Classifier("lstm", vocab, CONFIG.pairs, hidden_size=5, seed=4, forget_bias=0.0)
    biased = Classifier("lstm", vocab, CONFIG.pairs, hidden_size=5, seed=4)
    difference = biased.layer.state_dict()["bias_ih_l0"] - plain.layer.state_dict()["bias_ih_l0"]
    np.testing.assert_allclose(difference, np.r_[np.zeros(5), np.ones(5), np.zeros(10)], atol=1e-12)
    gru_a = Classifier("gru", vocab, CONFIG.pairs, hidden_size=5, seed=4, forget_bias=0.0)
    gru_b = Classifier("gru", vocab, CONFIG.pairs, hidden_size=5, seed=4)
    assert np.array_equal(gru_a.layer.state_dict()["bias_ih_l0"], gru_b.layer.state_dict()["bias_ih_l0"])


def test_predict_and_run_agree_and_refuse_text_without_words():
    model = small_model("gru")
    text = "I grew up in Italy. We had a zebra! So I speak fluent"
    prediction, run = model.predict(text), model.run(text)
    assert prediction.unknown == ["zebra"] and prediction.tokens[4] == "italy"
    assert prediction.probs.shape == (4,) and prediction.probs.sum() == pytest.approx(1.0)
    assert run.probs_per_step.shape == (len(run.tokens), 4)
    np.testing.assert_allclose(run.probs_per_step[-1], prediction.probs, rtol=1e-12)
    prefix = model.predict("I grew up in Italy.")        # the row of "." is the answer if the text stopped there
    np.testing.assert_allclose(run.probs_per_step[5], prefix.probs, rtol=1e-12)
    assert [language for language, _ in prediction.top(2)] == \
        [model.languages[i] for i in np.argsort(-prediction.probs)[:2]]
    for empty in ("", "   ", ", -- _ ~"):
        with pytest.raises(ValueError, match="no words"):
            model.predict(empty)
