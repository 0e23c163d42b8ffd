"""Test-wide settings: headless Agg backend, and no global state leaking between tests."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolate_globals():
    rc = matplotlib.rcParams.copy()
    opts = np.get_printoptions()
    yield
    plt.close("all")
    matplotlib.rcParams.update(rc)
    np.set_printoptions(**opts)
