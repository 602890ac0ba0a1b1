"""Adam and global gradient-norm clipping on dicts of numpy arrays (names as in `Classifier.parameters()`).

Adam (Kingma & Ba, 2015), the same update as torch.optim.Adam:
  m = b1*m + (1-b1)*g        v = b2*v + (1-b2)*g^2
  theta -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)
"""
from __future__ import annotations

import numpy as np


def global_norm(grads: dict) -> float:
    return float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values())))


def clip_by_global_norm(grads: dict, max_norm: float) -> tuple[dict, float]:
    """Scale every gradient by min(1, max_norm / ||all grads||); returns (clipped grads, norm before clipping)."""
    norm = global_norm(grads)
    if not np.isfinite(norm):
        raise FloatingPointError(f"gradient norm is {norm}; training diverged")
    if max_norm is None or norm <= max_norm:
        return grads, norm
    scale = max_norm / norm
    return {name: g * scale for name, g in grads.items()}, norm


class Adam:
    """Updates the arrays of `params` in place; state is per parameter name."""

    def __init__(self, params: dict, lr: float = 3e-3, betas=(0.9, 0.999), eps: float = 1e-8):
        self.params = params
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.m = {name: np.zeros_like(p) for name, p in params.items()}
        self.v = {name: np.zeros_like(p) for name, p in params.items()}
        self.t = 0

    def step(self, grads: dict) -> None:
        self.t += 1
        correction1 = 1.0 - self.beta1 ** self.t
        correction2 = 1.0 - self.beta2 ** self.t
        for name, p in self.params.items():
            g = grads[name]
            m, v = self.m[name], self.v[name]
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * np.square(g)
            p -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps)
