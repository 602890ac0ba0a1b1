"""Central differences, the independent check of every backward in the engine (fast layers and reference)."""

import numpy as np

EPS = 1e-6


def numeric_grad(f, array, eps=EPS):
    """Central differences of f() with respect to every element of `array` (perturbed in place)."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + eps
        plus = f()
        array[index] = saved - eps
        minus = f()
        array[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad
