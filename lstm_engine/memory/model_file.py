"""Save and load a Classifier as one `.npz`: its parameters (torch-style names), vocabulary and language pairs.

Only plain numeric and unicode arrays are stored, so loading never needs pickle.
"""
from __future__ import annotations

import os
import zipfile
import zlib

import numpy as np

from lstm_engine.memory.memory_task import Vocabulary
from lstm_engine.memory.model import Classifier

_SETTINGS = ("kind", "embed_dim", "hidden_size")


def save_classifier(model: Classifier, path) -> None:
    arrays = dict(model.parameters())
    arrays["vocab"] = np.array(model.vocab.words)
    arrays["pairs"] = np.array(model.pairs)                         # (L, 2) country, language
    arrays["kind"] = np.array(model.kind)
    arrays["embed_dim"] = np.array(model.embed_dim)
    arrays["hidden_size"] = np.array(model.hidden_size)
    arrays["trained"] = np.array(model.trained)
    directory = os.path.dirname(os.fspath(path))
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(path, "wb") as handle:                                # keep the exact name (np.savez adds .npz)
        np.savez(handle, **arrays)


def load_classifier(path, dtype=np.float64) -> Classifier:
    """Raises FileNotFoundError or ValueError with a readable message when the file is missing or not a model."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"weights file not found: {path}")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error):
        # numpy's own message for a damaged file suggests allow_pickle, which would not help and is unsafe here
        raise ValueError(f"{path} is not a readable weights file (damaged or not made by lstm_engine.train)") from None
    missing = [name for name in ("vocab", "pairs", *_SETTINGS) if name not in arrays]
    if missing:
        raise ValueError(f"{path} is not a saved classifier: missing {', '.join(missing)}")
    model = Classifier(str(arrays["kind"]), Vocabulary([str(w) for w in arrays["vocab"]]),
                       [tuple(str(x) for x in pair) for pair in arrays["pairs"]],
                       embed_dim=int(arrays["embed_dim"]), hidden_size=int(arrays["hidden_size"]), dtype=dtype)
    model.load_parameters(arrays)
    model.trained = bool(arrays.get("trained", True))
    return model
