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


@pytest.fixture
def assert_refuses_bad_values():
    """Check that an explorer refuses NaN, None and ±inf for ``control``, keeps its numbers, then takes ``good``."""
    def check(ex, control, good):
        before = repr(ex.numbers)
        for bad, error in ((float("nan"), ValueError), (None, TypeError), (float("inf"), ValueError),
                           (float("-inf"), ValueError)):
            with pytest.raises(error, match=f"control '{control}'"):
                ex.set(**{control: bad})
        assert repr(ex.numbers) == before
        ex.set(**{control: good})
        assert ex.value(control) == (pytest.approx(good) if isinstance(good, float) else good)
    return check
