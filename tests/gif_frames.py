"""Decode a GIF into RGB frames (shared by the renderer tests)."""

import io

import numpy as np
from PIL import Image


def gif_frames(data: bytes) -> list[np.ndarray]:
    """Every frame of a GIF as an (h, w, 3) int array, as a browser would show it."""
    im = Image.open(io.BytesIO(data))
    out = []
    for i in range(im.n_frames):
        im.seek(i)
        out.append(np.asarray(im.convert("RGB"), dtype=int))
    return out
