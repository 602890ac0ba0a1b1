"""The classifier the memory task trains: embedding -> RNN/GRU/LSTM -> linear read-out of the last step.

  x_t = E[token_t]                       E (V, D) embedding
  y, trace = layer.forward(x)            y (B, T, H), h_T = y[:, -1]
  logits = h_T · W_out^T + b_out         (B, L)   one logit per language
  p = softmax(logits)    loss = mean_b -log p[b, label_b]

Backward: dlogits = (p - onehot) / B; dW_out = dlogits^T · h_T; dy[:, -1] = dlogits · W_out;
layer.backward(dy) -> layer grads and dx; dE[token] += dx at every position of that token.
Parameter names follow torch: "embedding.weight", "rnn.weight_ih_l0", ..., "readout.weight", "readout.bias".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_engine.layers.gru import GRU
from lstm_engine.layers.lstm import LSTM
from lstm_engine.layers.rnn import RNN
from lstm_engine.memory.memory_task import Vocabulary, tokenize

LAYERS = {"rnn": RNN, "gru": GRU, "lstm": LSTM}
LAYER_PREFIX = "rnn."


def check_kind(kind) -> str:
    if kind not in LAYERS:
        raise ValueError(f"unknown model {kind!r}; choose one of {', '.join(LAYERS)}")
    return kind


@dataclass(frozen=True)
class Prediction:
    """The model's answer after the last token: probs (L,) over `languages`, summing to 1."""
    tokens: list
    unknown: list                 # typed words the vocabulary does not know (read as <unk>)
    languages: list
    probs: np.ndarray

    def top(self, k: int = 3) -> list[tuple[str, float]]:
        order = np.argsort(-self.probs, kind="stable")[:k]
        return [(self.languages[i], float(self.probs[i])) for i in order]


@dataclass(frozen=True)
class Run:
    """One sentence read token by token: probs_per_step[t] is the prediction if the sentence ended at token t."""
    tokens: list
    unknown: list
    languages: list
    probs_per_step: np.ndarray    # (T, L)
    trace: object                 # the layer's trace, B = 1


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


class Classifier:
    """Reads a sentence, answers which language the speaker speaks fluently."""

    def __init__(self, kind: str, vocab: Vocabulary, pairs, embed_dim: int = 16, hidden_size: int = 64,
                 seed: int = 0, dtype=np.float64, forget_bias: float = 1.0):
        """pairs: (country, language) in output order. forget_bias (LSTM only) is added to b_f at init:
        starting with f close to 1 lets the cell state carry the country from the first step of training."""
        self.kind = check_kind(kind)
        self.trained = False          # set by train() and when loading saved weights
        self.vocab = vocab
        self.pairs = [tuple(pair) for pair in pairs]
        self.embed_dim, self.hidden_size, self.dtype = int(embed_dim), int(hidden_size), np.dtype(dtype)
        self.layer = LAYERS[kind](self.embed_dim, self.hidden_size, seed=seed, dtype=self.dtype)
        rng = np.random.default_rng([seed, 1])
        bound = 1.0 / np.sqrt(self.hidden_size)
        self.embedding = rng.standard_normal((vocab.size, self.embed_dim)).astype(self.dtype)     # (V, D)
        self.readout_weight = rng.uniform(-bound, bound, (len(self.pairs), self.hidden_size)).astype(self.dtype)
        self.readout_bias = rng.uniform(-bound, bound, len(self.pairs)).astype(self.dtype)        # (L,)
        if kind == "lstm" and forget_bias:
            state = self.layer.state_dict()
            H = self.hidden_size
            state["bias_ih_l0"][H:2 * H] += forget_bias          # torch gate order i, f, g, o
            self.layer.load_state_dict(state)

    @property
    def languages(self) -> list[str]:
        return [language for _, language in self.pairs]

    @property
    def countries(self) -> list[str]:
        return [country for country, _ in self.pairs]

    def __repr__(self):
        return (f"Classifier(kind={self.kind!r}, vocab={self.vocab.size} words, embed_dim={self.embed_dim}, "
                f"hidden_size={self.hidden_size}, languages={len(self.pairs)})")

    # ---- parameters -------------------------------------------------------------------------------
    def parameters(self) -> dict:
        """Copies of every parameter, torch-style names."""
        params = {"embedding.weight": self.embedding.copy()}
        params.update({LAYER_PREFIX + name: array for name, array in self.layer.state_dict().items()})
        params["readout.weight"] = self.readout_weight.copy()
        params["readout.bias"] = self.readout_bias.copy()
        return params

    def load_parameters(self, params: dict) -> None:
        expected = self.parameters()
        for name, array in expected.items():
            if name not in params or np.shape(params[name]) != array.shape:
                raise ValueError(f"parameter {name} must have shape {array.shape}")
        self.embedding = np.array(params["embedding.weight"], dtype=self.dtype)
        self.layer.load_state_dict({name[len(LAYER_PREFIX):]: params[name] for name in expected
                                    if name.startswith(LAYER_PREFIX)})
        self.readout_weight = np.array(params["readout.weight"], dtype=self.dtype)
        self.readout_bias = np.array(params["readout.bias"], dtype=self.dtype)

    def in_dtype(self, dtype) -> "Classifier":
        """A copy computing in `dtype` (saved models load in float64; training runs in float32)."""
        copy = Classifier(self.kind, self.vocab, self.pairs, embed_dim=self.embed_dim, hidden_size=self.hidden_size,
                          dtype=dtype, forget_bias=0.0)
        copy.load_parameters(self.parameters())
        copy.trained = self.trained
        return copy

    def parameter_count(self) -> int:
        return sum(array.size for array in self.parameters().values())

    # ---- maths ------------------------------------------------------------------------------------
    def forward(self, ids: np.ndarray):
        """ids (B, T) int -> logits (B, L), trace of the layer."""
        ids = np.asarray(ids)
        if ids.ndim != 2 or ids.shape[1] < 1:
            raise ValueError(f"ids must have shape (batch, time) with time >= 1, got {ids.shape}")
        x = self.embedding[ids]                                             # (B, T, D)
        y, trace = self.layer.forward(x)                                    # (B, T, H)
        logits = y[:, -1] @ self.readout_weight.T + self.readout_bias       # (B, L)
        return logits, trace

    def loss_and_grads(self, ids: np.ndarray, labels: np.ndarray):
        """Mean cross-entropy over the batch, exact gradients for every parameter, and the probabilities."""
        ids, labels = np.asarray(ids), np.asarray(labels)
        logits, trace = self.forward(ids)
        B, T = ids.shape
        p = softmax(logits)                                                 # (B, L)
        loss = float(-np.mean(np.log(np.maximum(p[np.arange(B), labels], np.finfo(p.dtype).tiny))))
        dlogits = p.copy()
        dlogits[np.arange(B), labels] -= 1.0
        dlogits /= B                                                        # (B, L)
        h_last = trace.h[:, -1]                                             # (B, H)
        dy = np.zeros((B, T, self.hidden_size), dtype=self.dtype)
        dy[:, -1] = dlogits @ self.readout_weight                           # (B, H)
        layer_grads, dx = self.layer.backward(dy, trace)                    # dx (B, T, D)
        d_embedding = np.zeros_like(self.embedding)
        np.add.at(d_embedding, ids.ravel(), dx.reshape(-1, self.embed_dim))  # (V, D)
        grads = {"embedding.weight": d_embedding}
        grads.update({LAYER_PREFIX + name: g for name, g in layer_grads.items()})
        grads["readout.weight"] = dlogits.T @ h_last                        # (L, H)
        grads["readout.bias"] = dlogits.sum(axis=0)                         # (L,)
        return loss, grads, p

    # ---- reading text -----------------------------------------------------------------------------
    def encode_text(self, text: str):
        tokens = tokenize(text)
        if not tokens:
            raise ValueError("There are no words to read in this text; type a sentence such as "
                             "'I grew up in France . so I speak fluent'.")
        unknown = [token for token in tokens if token not in self.vocab]
        return tokens, unknown, self.vocab.encode(tokens)[None, :]           # (1, T)

    def predict(self, text: str) -> Prediction:
        tokens, unknown, ids = self.encode_text(text)
        logits, _ = self.forward(ids)
        return Prediction(tokens, unknown, self.languages, softmax(logits[0]))

    def run(self, text: str) -> Run:
        tokens, unknown, ids = self.encode_text(text)
        _, trace = self.forward(ids)
        probs = softmax(trace.h[0] @ self.readout_weight.T + self.readout_bias)   # (T, L)
        return Run(tokens, unknown, self.languages, probs, trace)

    def predict_ids(self, ids: np.ndarray) -> np.ndarray:
        """ids (B, T) -> predicted label (B,)."""
        logits, _ = self.forward(ids)
        return np.argmax(logits, axis=1)
