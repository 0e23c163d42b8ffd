r"""Statistics for ML in NumPy: describe data, relate features, model chance, test, estimate, evaluate.

Conventions: a sample is a 1-D array; ``ddof=1`` (the sample standard deviation,
dividing by n − 1) is the default wherever a spread is estimated; binary labels are 0/1;
every test returns its statistic, degrees of freedom and two-sided p-value.

The statistics that teach (the t statistic, the standard error, the interval, χ²) are written
out in NumPy; the tail areas and quantiles of the t, χ², normal, binomial and Poisson
distributions come from ``scipy.stats``, a well-kept library (tested in
tests/test_stats_reference.py). Spreads are always computed from centred data, and the
t-tests measure the data from a point inside them, so an offset of 1e9 changes nothing.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Callable

import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

from ._validation import (_as_float_array, _describe, as_matrix, as_rng, as_vector, check_choice, check_positive_int,
                          scale_exponent, squarable)
from .linear import _as_scalar, _check_bool, mse

__all__ = [
    # descriptive
    "Description", "describe", "BIN_RULES", "MAX_BINS", "bin_edges",
    # relationships
    "covariance", "correlation", "correlation_matrix", "ranks", "rank_correlation",
    # distributions
    "Normal", "Binomial", "Poisson",
    # probability
    "conditional", "bayes_rule", "posterior_given_positive", "NaiveBayes",
    # inference
    "TestResult", "ttest_1samp", "ttest_ind", "chi2_independence", "Interval", "t_interval",
    "mean_intervals", "bootstrap_interval",
    # bias-variance
    "BiasVariance", "bias_variance",
    # metrics
    "confusion_matrix", "accuracy", "precision", "recall", "f1", "binary_metrics", "roc_curve", "roc_auc",
    "precision_recall_curve", "average_precision", "mae", "mse", "rmse", "r2",
]


# -- validation helpers ----------------------------------------------------------------------
def _sample(x, name: str = "x", min_n: int = 1) -> NDArray:
    arr = _as_float_array(x, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sample; got shape {arr.shape}")
    if arr.size < min_n:
        raise ValueError(f"{name} must have at least {min_n} value{'s' if min_n > 1 else ''}; got {arr.size}"
                         + (" (empty input)" if arr.size == 0 else ""))
    return as_vector(arr, name)


def _ddof(ddof, n: int, name: str = "x") -> int:
    if isinstance(ddof, bool) or not isinstance(ddof, numbers.Integral):
        raise TypeError(f"ddof must be a non-negative int; got {type(ddof).__name__} {ddof!r:.40}")
    if ddof < 0:
        raise ValueError(f"ddof must be a non-negative int; got {ddof!r}")
    if ddof >= n:
        raise ValueError(f"ddof must be smaller than the number of values in {name} ({n}); got ddof={ddof} "
                         f"(dividing by n - ddof = {n - ddof} is undefined)")
    return int(ddof)


def _probability(p, name: str) -> float:
    arr = _as_float_array(p, name)
    if arr.ndim != 0 and arr.size != 1:
        raise ValueError(f"{name} must be a single probability; got {_describe(arr)}")
    value = float(arr.reshape(()))
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        raise ValueError(f"{name} must be a probability in [0, 1]; got {value}")
    return value


def _confidence(c) -> float:
    c = _probability(c, "confidence")
    if not 0.0 < c < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, e.g. 0.95; got {c}")
    return c


def _binary(y, name: str = "y_true") -> NDArray:
    y = _sample(y, name)
    bad = (y != 0) & (y != 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{name} must hold binary labels 0 or 1; got {y[i]!r} at index {i} "
                         f"(values seen: {np.unique(y)[:6]})")
    return y


def _in_range(*arrays: NDArray) -> tuple[NDArray, ...]:
    """The arrays times one common power of two (exact), so that their squares neither overflow nor
    underflow: for statistics that ignore a common scale (t, R²)."""
    e = scale_exponent(*arrays)
    return tuple(np.ldexp(A, e) for A in arrays) if e else arrays


def _std(x: NDArray, ddof: int = 1, axis: int | None = None) -> float | NDArray:
    """Standard deviation from centred data (``np.std`` subtracts the mean first: no E[x²] − E[x]²), scaled by
    2^e when the squares of ``x`` would overflow or underflow (the spread of 1e300 values is finite).
    A float for the whole of ``x``, an array along ``axis``."""
    e = scale_exponent(x)
    with np.errstate(over="ignore"):  # a spread beyond 1.8e308 (from ±1e308 data) is inf, honestly
        s = np.ldexp(np.std(np.ldexp(x, e) if e else x, axis=axis, ddof=ddof), -e)
    return float(s) if axis is None else s


def _pair(a, b, names) -> tuple[NDArray, NDArray]:
    a, b = _sample(a, names[0]), _sample(b, names[1])
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same length; got {a.size} and {b.size}")
    return a, b


# -- descriptive -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Description:
    """Summary of a sample. ``std`` and ``var`` use ``ddof``; quartiles use linear interpolation.

    ``var = std²``, refused when it lies beyond float64 (a spread above about 1.3e154); ``std`` stays exact.
    """

    n: int
    mean: float
    median: float
    std: float
    min: float
    q1: float
    q3: float
    max: float
    ddof: int

    @property
    def var(self) -> float:
        """The variance std² (with ``ddof``)."""
        if not self.std < math.sqrt(np.finfo(float).max):  # std² would be inf, not a variance
            raise ValueError(f"the variance of x, std² = ({self.std:.3g})², lies beyond float64 (1.8e308); "
                             "std is exact, or rescale x first")
        return self.std * self.std

    @property
    def iqr(self) -> float:
        """Interquartile range q3 − q1: the spread of the middle half, robust to outliers."""
        return self.q3 - self.q1

    def __str__(self) -> str:
        rows = [("n", self.n), ("mean", self.mean), ("median", self.median), (f"std (ddof={self.ddof})", self.std),
                ("min", self.min), ("q1", self.q1), ("q3", self.q3), ("max", self.max), ("IQR", self.iqr)]
        return "\n".join(f"{k:14s} {v:.6g}" if isinstance(v, float) else f"{k:14s} {v}" for k, v in rows)


def describe(x: ArrayLike, ddof: int = 1) -> Description:
    """Mean, median, standard deviation (with ``ddof``), quartiles, range and IQR.

    >>> d = describe([1, 2, 3, 4, 100])
    >>> d.mean, d.median, d.iqr
    (22.0, 3.0, 2.0)
    """
    x = _sample(x)
    ddof = _ddof(ddof, x.size)
    q1, med, q3 = np.quantile(x, [0.25, 0.5, 0.75])
    return Description(n=int(x.size), mean=float(x.mean()), median=float(med), std=_std(x, ddof),
                       min=float(x.min()), q1=float(q1), q3=float(q3), max=float(x.max()), ddof=ddof)


BIN_RULES = ("sturges", "sqrt", "scott", "fd")
MAX_BINS = 10_000  # more bins than pixels across any plot: a sign of an outlier, refused by bin_edges


def bin_edges(x: ArrayLike, rule: str = "fd") -> NDArray:
    r"""Histogram bin edges by a named rule.

    ``"sturges"``: :math:`\lceil\log_2 n\rceil + 1` bins (assumes a normal-ish sample);
    ``"sqrt"``: :math:`\lceil\sqrt n\rceil` bins; ``"scott"``: width :math:`3.49\,s\,n^{-1/3}`;
    ``"fd"`` (Freedman–Diaconis): width :math:`2\,\mathrm{IQR}\,n^{-1/3}`, robust to outliers.
    The same rules as ``numpy.histogram_bin_edges`` (tested to agree), except that a rule asking for
    more than ``MAX_BINS`` (10,000) bins, as one far outlier does to the width rules, is refused with
    a ValueError instead of allocating the edges.

    >>> bin_edges([0, 1, 2, 3, 4, 5, 6, 7], rule="sturges")
    array([0.  , 1.75, 3.5 , 5.25, 7.  ])
    """
    x = _sample(x)
    check_choice(rule, "rule", BIN_RULES)
    lo, hi = float(x.min()), float(x.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    n = x.size
    if rule == "sturges":
        k = math.ceil(math.log2(n)) + 1
    elif rule == "sqrt":
        k = math.ceil(math.sqrt(n))
    else:
        spread = _std(x, 0) if rule == "scott" else np.subtract(*np.quantile(x, [0.75, 0.25]))
        factor = (24.0 * math.sqrt(math.pi) / n) ** (1 / 3) if rule == "scott" else 2.0 * n ** (-1 / 3)
        width = factor * spread
        k = max(1.0, np.ceil((hi - lo) / width)) if width > 0 else 1  # a float: inf or 1e11 must not be allocated
    if k > MAX_BINS:
        raise ValueError(f"rule={rule!r} asks for {k:.4g} bins (width {width:.4g} over [{lo:.4g}, {hi:.4g}]), more "
                         f"than MAX_BINS = {MAX_BINS}: an outlier stretches the range; try rule='sturges' or "
                         "drop the outliers")
    return np.linspace(lo, hi, int(k) + 1)


# -- relationships ---------------------------------------------------------------------------
def covariance(x: ArrayLike, y: ArrayLike, ddof: int = 1) -> float:
    r"""Sample covariance: the dot product of the centred vectors over n − ddof.

    >>> covariance([1, 2, 3], [2, 4, 6])   # (−1·−2 + 0 + 1·2) / 2
    2.0
    """
    x, y = _pair(x, y, ("x", "y"))
    ddof = _ddof(ddof, x.size)
    ex, ey = scale_exponent(x), scale_exponent(y)  # 2^e each: the products of 1e300s stay in range
    xs, ys = np.ldexp(x, ex), np.ldexp(y, ey)
    try:
        return math.ldexp(float((xs - xs.mean()) @ (ys - ys.mean()) / (x.size - ddof)), -ex - ey)
    except OverflowError:
        raise ValueError("the covariance of x and y is beyond the float64 range (about 1.8e308); "
                         "rescale x or y") from None


def correlation(x: ArrayLike, y: ArrayLike) -> float:
    r"""Pearson correlation: the cosine of the angle between the centred vectors, in [−1, 1].

    A constant sample has no direction, so its correlation is undefined: a ValueError, not NaN.

    >>> correlation([1, 2, 3], [3, 2, 1])
    -1.0
    """
    x, y = _pair(x, y, ("x", "y"))
    x, y = squarable(x), squarable(y)  # r ignores scale: keep the squares in range (a copy only if needed)
    xc, yc = x - x.mean(), y - y.mean()
    sxx, syy = xc @ xc, yc @ yc
    for name, ss in (("x", sxx), ("y", syy)):
        if ss == 0:
            raise ValueError(f"{name} is constant, so its correlation is undefined (0/0)")
    return float(np.clip((xc @ yc) / math.sqrt(sxx * syy), -1.0, 1.0))


def correlation_matrix(X: ArrayLike) -> NDArray:
    """Correlations between all pairs of columns of ``X`` (n_samples, n_features)."""
    X = as_matrix(X, "X")
    if X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows to correlate its columns; got shape {X.shape}")
    e = [scale_exponent(X[:, j]) for j in range(X.shape[1])]  # per column: r ignores scale
    X = np.ldexp(X, e) if any(e) else X
    Xc = X - X.mean(axis=0)
    norms = np.sqrt(np.einsum("ij,ij->j", Xc, Xc))
    if np.any(norms == 0):
        j = int(np.argmax(norms == 0))
        raise ValueError(f"column {j} of X is constant, so its correlations are undefined")
    Z = Xc / norms
    C = np.clip(Z.T @ Z, -1.0, 1.0)
    np.fill_diagonal(C, 1.0)
    return C


def ranks(x: ArrayLike) -> NDArray:
    r"""Rank of each value, 1 for the smallest; tied values share the average of their ranks.

    >>> ranks([10.0, 30.0, 20.0, 20.0]).tolist()   # the two 20s share ranks 2 and 3
    [1.0, 4.0, 2.5, 2.5]
    """
    x = _sample(x)
    order = np.argsort(x, kind="stable")
    x_sorted = x[order]
    r = np.empty(x.size)
    r[order] = np.arange(1, x.size + 1, dtype=float)
    if x.size > 1 and np.any(x_sorted[1:] == x_sorted[:-1]):  # average the ranks of ties
        starts = np.r_[0, np.flatnonzero(np.diff(x_sorted)) + 1]
        ends = np.r_[starts[1:], x.size]
        r[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return r


def rank_correlation(x: ArrayLike, y: ArrayLike) -> float:
    r"""Spearman's rank correlation: the Pearson correlation of the ranks.

    It measures how *monotone* the relation is, not how straight: any increasing function of ``x`` gives
    1, and one far-out point can move it at most as far as its rank moves.

    >>> rank_correlation([1, 2, 3, 4], [1, 8, 27, 1000])   # y = x³ (and an outlier): ranks agree exactly
    1.0
    """
    x, y = _pair(x, y, ("x", "y"))
    return correlation(ranks(x), ranks(y))


# -- distributions ---------------------------------------------------------------------------
def _size(size) -> int | tuple:
    if isinstance(size, tuple):
        return tuple(check_positive_int(s, "size") for s in size)
    return check_positive_int(size, "size")


def _points(x, name: str) -> NDArray:
    """Where to evaluate a distribution: real numbers, ±inf allowed, NaN refused."""
    arr = _as_float_array(x, name)
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN; got {_describe(arr)} with NaN")
    return arr


def _number_or_array(a) -> NDArray | float:
    a = np.asarray(a, dtype=float)
    return float(a) if a.ndim == 0 else a


@dataclass(frozen=True)
class Normal:
    """Normal distribution N(mu, sigma²): heights, measurement error, sums of many small effects."""

    mu: float = 0.0
    sigma: float = 1.0

    def __post_init__(self):
        mu, sigma = _as_scalar(self.mu, "mu"), _as_scalar(self.sigma, "sigma")
        if sigma <= 0:
            raise ValueError(f"Normal needs a finite mu and sigma > 0; got mu={mu}, sigma={sigma}")
        object.__setattr__(self, "mu", mu)
        object.__setattr__(self, "sigma", sigma)

    mean = property(lambda self: self.mu)
    var = property(lambda self: self.sigma ** 2)

    def pdf(self, x):
        r""":math:`e^{-z^2/2} / (\sigma\sqrt{2\pi})` with :math:`z = (x - \mu)/\sigma`."""
        z = (_points(x, "x") - self.mu) / self.sigma
        with np.errstate(over="ignore"):  # z² = inf far out: the density is 0 there
            return _number_or_array(np.exp(-0.5 * z * z) / (self.sigma * math.sqrt(2 * math.pi)))

    def cdf(self, x):
        return _number_or_array(scipy.stats.norm.cdf(_points(x, "x"), self.mu, self.sigma))

    def ppf(self, q):
        """Quantile: the x with cdf(x) = q."""
        q = _points(q, "q")
        if np.any((q < 0) | (q > 1)):
            raise ValueError(f"q must be a probability in [0, 1]; got {q}")
        return _number_or_array(scipy.stats.norm.ppf(q, self.mu, self.sigma))

    def sample(self, size=1, rng=None) -> NDArray:
        return as_rng(rng).normal(self.mu, self.sigma, _size(size))


@dataclass(frozen=True)
class Binomial:
    """Number of successes in ``n`` independent yes/no trials with success probability ``p``."""

    n: int
    p: float

    def __post_init__(self):
        object.__setattr__(self, "n", check_positive_int(self.n, "n"))
        object.__setattr__(self, "p", _probability(self.p, "p"))

    mean = property(lambda self: self.n * self.p)
    var = property(lambda self: self.n * self.p * (1 - self.p))

    def pmf(self, k):
        """P(K = k) = C(n, k) p^k (1 − p)^(n − k); 0 where k is not a whole number in [0, n]."""
        return _number_or_array(scipy.stats.binom.pmf(_points(k, "k"), self.n, self.p))

    def cdf(self, k):
        return _number_or_array(scipy.stats.binom.cdf(_points(k, "k"), self.n, self.p))

    def sample(self, size=1, rng=None) -> NDArray:
        return as_rng(rng).binomial(self.n, self.p, _size(size))


@dataclass(frozen=True)
class Poisson:
    """Number of events in a fixed interval at an average rate ``lam`` (clicks per minute, typos per page)."""

    lam: float

    def __post_init__(self):
        lam = _as_scalar(self.lam, "lam")
        if lam <= 0:
            raise ValueError(f"Poisson needs a rate lam > 0; got {lam}")
        object.__setattr__(self, "lam", lam)

    mean = property(lambda self: self.lam)
    var = property(lambda self: self.lam)

    def pmf(self, k):
        """P(K = k) = λ^k e^(−λ) / k!; 0 where k is not a whole number ≥ 0."""
        k = _points(k, "k")
        finite = np.isfinite(k)  # SciPy gives NaN at k = inf; the probability there is 0
        return _number_or_array(np.where(finite, scipy.stats.poisson.pmf(np.where(finite, k, -1.0), self.lam), 0.0))

    def cdf(self, k):
        return _number_or_array(scipy.stats.poisson.cdf(_points(k, "k"), self.lam))

    def sample(self, size=1, rng=None) -> NDArray:
        return as_rng(rng).poisson(self.lam, _size(size))


# -- probability and Bayes -------------------------------------------------------------------
def conditional(p_a_and_b: float, p_b: float) -> float:
    """P(A | B) = P(A and B) / P(B).

    >>> conditional(0.12, 0.4)
    0.3
    """
    p_ab, p_b = _probability(p_a_and_b, "p_a_and_b"), _probability(p_b, "p_b")
    if p_b == 0:
        raise ValueError("p_b must be > 0: conditioning on an impossible event is undefined")
    if p_ab > p_b:
        raise ValueError(f"p_a_and_b ({p_ab}) cannot exceed p_b ({p_b})")
    return p_ab / p_b


def bayes_rule(likelihood: float, prior: float, evidence: float) -> float:
    """P(A | B) = P(B | A)·P(A) / P(B): ``likelihood · prior / evidence``.

    >>> round(bayes_rule(likelihood=0.9, prior=0.1, evidence=0.2), 12)
    0.45
    """
    lk, pr, ev = (_probability(v, n) for v, n in ((likelihood, "likelihood"), (prior, "prior"),
                                                   (evidence, "evidence")))
    if ev == 0:
        raise ValueError("evidence must be > 0: conditioning on an impossible event is undefined; got 0.0")
    if lk * pr > ev * (1 + 1e-12):  # compared before dividing: a tiny evidence must not overflow the quotient
        raise ValueError(f"evidence must be at least likelihood · prior = {lk * pr:.4g}, since P(A and B) = "
                         f"P(B|A)·P(A) cannot exceed P(B); got evidence = {ev:.4g}")
    return min(lk * pr / ev, 1.0)


def posterior_given_positive(prevalence: float, sensitivity: float, specificity: float) -> float:
    """P(condition | positive test), by Bayes' rule with P(positive) from the law of total probability.

    >>> round(posterior_given_positive(0.01, 0.99, 0.95), 4)   # a 99%-sensitive test, 1% prevalence
    0.1667
    """
    prev = _probability(prevalence, "prevalence")
    sens = _probability(sensitivity, "sensitivity")
    spec = _probability(specificity, "specificity")
    p_pos = sens * prev + (1 - spec) * (1 - prev)
    if p_pos == 0:
        raise ValueError("a positive result is impossible with these inputs (P(positive) = 0)")
    return sens * prev / p_pos


class NaiveBayes:
    """Bernoulli Naive Bayes for 0/1 features (word present or not), with Laplace smoothing ``alpha``.

    P(class | x) ∝ P(class) · Π_j P(x_j | class): the features are assumed independent
    given the class. Computed in log space, so hundreds of features do not underflow.
    """

    def __init__(self, alpha: float = 1.0):
        alpha = _as_scalar(alpha, "alpha")
        if alpha <= 0:
            raise ValueError(f"alpha must be > 0 (Laplace smoothing); got {alpha!r}")
        self.alpha = alpha

    @staticmethod
    def _check_features(X) -> NDArray:
        X = as_matrix(X, "X")
        bad = ~np.isin(X, (0.0, 1.0))
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise ValueError(f"X must hold 0/1 features (word absent/present) for Bernoulli Naive Bayes; "
                             f"got {X[i, j]} at ({i}, {j})")
        return X

    def fit(self, X: ArrayLike, y: ArrayLike) -> "NaiveBayes":
        X = self._check_features(X)
        y = _binary(y, "y")
        if X.shape[0] != y.size:
            raise ValueError(f"X and y must have the same number of samples; got {X.shape[0]} and {y.size}")
        if np.unique(y).size < 2:
            raise ValueError("y must contain both classes 0 and 1 to fit")
        self.classes_ = np.array([0.0, 1.0])
        counts = np.array([np.sum(y == c) for c in self.classes_])
        self.class_prior_ = counts / counts.sum()
        self.feature_prob_ = np.array([(X[y == c].sum(axis=0) + self.alpha) / (n_c + 2 * self.alpha)
                                       for c, n_c in zip(self.classes_, counts)])  # P(x_j = 1 | class)
        return self

    def predict_log_proba(self, X: ArrayLike) -> NDArray:
        if not hasattr(self, "feature_prob_"):
            raise ValueError("this NaiveBayes is not fitted yet: call fit(X, y) before predicting")
        X = self._check_features(X)  # what fit refuses, predicting refuses too: a −1 is no word count
        if X.shape[1] != self.feature_prob_.shape[1]:
            raise ValueError(f"X must have {self.feature_prob_.shape[1]} features; got shape {X.shape}")
        lp, lq = np.log(self.feature_prob_), np.log1p(-self.feature_prob_)
        joint = X @ lp.T + (1 - X) @ lq.T + np.log(self.class_prior_)
        return joint - np.logaddexp.reduce(joint, axis=1, keepdims=True)

    def predict_proba(self, X: ArrayLike) -> NDArray:
        return np.exp(self.predict_log_proba(X))

    def predict(self, X: ArrayLike) -> NDArray:
        log_proba = self.predict_log_proba(X)  # checks that fit ran, before classes_ is read
        return self.classes_[np.argmax(log_proba, axis=1)]


# -- inference -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TestResult:
    """A test's statistic, degrees of freedom and two-sided p-value."""

    __test__ = False  # not a pytest test class

    name: str
    statistic: float
    df: float
    pvalue: float

    def __str__(self) -> str:
        return f"{self.name}: statistic = {self.statistic:.4f}, df = {self.df:.4g}, p = {self.pvalue:.4g}"


def ttest_1samp(x: ArrayLike, popmean: float = 0.0) -> TestResult:
    r"""One-sample t-test of H₀: the population mean is ``popmean``.

    Notes
    -----
    .. math:: t = \frac{\bar x - \mu_0}{s / \sqrt n}, \qquad
              s^2 = \frac{1}{n - 1}\sum_i (x_i - \bar x)^2, \qquad \text{n − 1 degrees of freedom}

    The p-value :math:`P(|T| \ge |t|)` comes from ``scipy.stats.t``.

    Examples
    --------
    >>> res = ttest_1samp([4, 5, 6, 7, 8], popmean=5.0)   # x̄ = 6, s = √2.5, se = √0.5: t = 1 / √0.5 = √2
    >>> round(res.statistic, 6), res.df, round(res.pvalue, 4)
    (1.414214, 4.0, 0.2302)
    """
    x = _sample(x, "x", min_n=2)
    mu0 = _as_scalar(popmean, "popmean")
    d, = _in_range(x - mu0)        # measured from μ₀ (exact near it, at any offset); t ignores a common scale
    n = d.size
    s = float(d.std(ddof=1))       # np.std centres first: no E[x²] − E[x]²
    if s == 0:
        raise ValueError("x has zero spread (all values equal), so the t statistic is undefined")
    se = s / math.sqrt(n)          # standard error of the mean
    t = float(d.mean()) / se
    return TestResult("one-sample t-test", t, float(n - 1), _two_sided_p(t, n - 1))


def ttest_ind(a: ArrayLike, b: ArrayLike, equal_var: bool = True) -> TestResult:
    r"""Two-sample t-test of H₀: equal means. Student's (pooled variance) or Welch's (``equal_var=False``).

    Notes
    -----
    .. math:: t = \frac{\bar a - \bar b}{\mathrm{se}}, \qquad
              \mathrm{se}^2 = s_p^2\Big(\frac{1}{n_a} + \frac{1}{n_b}\Big) \text{ (Student)}
              \quad\text{or}\quad \frac{s_a^2}{n_a} + \frac{s_b^2}{n_b} \text{ (Welch)}

    with the pooled variance :math:`s_p^2 = ((n_a-1)s_a^2 + (n_b-1)s_b^2)/(n_a+n_b-2)` and
    :math:`n_a + n_b - 2` degrees of freedom (Student), or the Welch–Satterthwaite degrees of freedom.

    Examples
    --------
    >>> res = ttest_ind([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])   # means 3 apart, s_p = 1, se = √(2/3)
    >>> round(res.statistic, 4), res.df
    (-3.6742, 4.0)
    """
    equal_var = _check_bool(equal_var, "equal_var")
    a, b = _sample(a, "a", min_n=2), _sample(b, "b", min_n=2)
    origin = a.mean()              # t ignores a common shift: measured from inside the data, the
    a, b = _in_range(a - origin, b - origin)  # differences are exact at any offset (and squares in range)
    na, nb = a.size, b.size
    va, vb = a.var(ddof=1), b.var(ddof=1)     # centred first
    if equal_var:
        df = na + nb - 2
        pooled = ((na - 1) * va + (nb - 1) * vb) / df
        se = math.sqrt(pooled * (1 / na + 1 / nb))
        name = "Student's two-sample t-test"
    else:
        qa, qb = va / na, vb / nb
        se = math.sqrt(qa + qb)
        df = (qa + qb) ** 2 / (qa ** 2 / (na - 1) + qb ** 2 / (nb - 1)) if se > 0 else float(na + nb - 2)
        name = "Welch's t-test"
    if se == 0:
        raise ValueError("both samples have zero spread, so the t statistic is undefined")
    t = float(a.mean() - b.mean()) / se
    return TestResult(name, t, float(df), _two_sided_p(t, df))


def _two_sided_p(t: float, df: float) -> float:
    """P(|T| ≥ |t|) for Student's t with ``df`` degrees of freedom (SciPy keeps the far tail accurate)."""
    return float(2.0 * scipy.stats.t.sf(abs(t), df))


def chi2_independence(table: ArrayLike, correction: bool = False) -> tuple[TestResult, NDArray]:
    r"""Chi-square test of independence for a contingency table of counts.

    :math:`\chi^2 = \sum (O - E)^2 / E` with :math:`E_{ij} = r_i c_j / N` and
    (rows − 1)(columns − 1) degrees of freedom. ``correction=True`` applies Yates'
    continuity correction to 2 × 2 tables (SciPy's default). Returns ``(result, expected)``.
    """
    correction = _check_bool(correction, "correction")
    O = as_matrix(table, "table")
    if np.any(O < 0):
        i, j = np.argwhere(O < 0)[0]
        raise ValueError(f"table must hold counts ≥ 0; got {O[i, j]} at ({i}, {j})")
    if min(O.shape) < 2:
        raise ValueError(f"table needs at least 2 rows and 2 columns; got shape {O.shape}")
    r, c, N = O.sum(axis=1), O.sum(axis=0), O.sum()
    if np.any(r == 0) or np.any(c == 0):
        raise ValueError("every row and column of table needs a non-zero total (an expected count would be 0)")
    E = np.outer(r / N, c)                     # (rows, cols): E_ij = r_i c_j / N, no overflow on r_i c_j
    diff = np.abs(O - E)
    df = (O.shape[0] - 1) * (O.shape[1] - 1)
    if correction and df == 1:
        diff = np.maximum(diff - 0.5, 0.0)
    chi2 = float(np.sum(diff * (diff / E)))    # (O − E)² / E, without squaring a huge count
    return TestResult("chi-square test of independence", chi2, float(df), float(scipy.stats.chi2.sf(chi2, df))), E


@dataclass(frozen=True)
class Interval:
    """A confidence interval: the procedure covers the true value in ``confidence`` of repeated samples."""

    low: float
    high: float
    estimate: float
    confidence: float
    method: str

    def contains(self, value: float) -> bool:
        """``low ≤ value ≤ high`` for one number (±inf are outside; NaN is refused, it lies nowhere)."""
        v = _as_float_array(value, "value")
        if v.size != 1:
            raise ValueError(f"value must be a single number; got {_describe(v)}")
        v = float(v.reshape(()))
        if math.isnan(v):
            raise ValueError("value must be a number; got nan, which no interval contains or excludes")
        return self.low <= v <= self.high

    def __str__(self) -> str:
        return f"{self.confidence:.0%} {self.method} interval: [{self.low:.4f}, {self.high:.4f}] around {self.estimate:.4f}"


def t_interval(x: ArrayLike, confidence: float = 0.95) -> Interval:
    r"""Interval for the mean: :math:`\bar x \pm t_{1-\alpha/2,\,n-1}\, s/\sqrt n`."""
    x = _sample(x, "x", min_n=2)
    c = _confidence(confidence)
    m, se = float(x.mean()), _std(x) / math.sqrt(x.size)   # standard error of the mean
    half = float(scipy.stats.t.ppf(0.5 + c / 2, x.size - 1)) * se
    return Interval(m - half, m + half, m, c, "t")


def mean_intervals(samples: ArrayLike, confidence: float = 0.95, *, method: str = "t") -> tuple[NDArray, NDArray]:
    r"""One interval for the mean per row of ``samples``: :math:`\bar x \pm q\, s/\sqrt n`, all rows at once.

    Parameters
    ----------
    samples : array_like, shape (n_samples, n)
        Each row is one sample of size n ≥ 2.
    confidence : float
    method : {"t", "z"}
        ``"t"``: :math:`q = t_{1-\alpha/2,\,n-1}`, the interval of :func:`t_interval`. ``"z"``: the normal
        quantile :math:`q = z_{1-\alpha/2}` with the estimated s, a common shortcut that covers too rarely
        for small n.

    Returns
    -------
    lo, hi : ndarray, shape (n_samples,)

    Examples
    --------
    >>> lo, hi = mean_intervals([[1.0, 2.0, 3.0], [2.0, 2.0, 5.0]])
    >>> bool(np.isclose(lo[0], t_interval([1.0, 2.0, 3.0]).low))
    True
    """
    X = as_matrix(samples, "samples")
    if X.shape[1] < 2:
        raise ValueError(f"samples must have at least 2 values per row; got shape {X.shape}")
    c = _confidence(confidence)
    check_choice(method, "method", ("t", "z"))
    n = X.shape[1]
    q = scipy.stats.t.ppf(0.5 + c / 2, n - 1) if method == "t" else scipy.stats.norm.ppf(0.5 + c / 2)
    m, s = X.mean(axis=1), _std(X, ddof=1, axis=1)  # (n_samples,) each; centred, squares kept in range
    half = q * s / math.sqrt(n)  # (n_samples,) q times the standard error
    return m - half, m + half


def bootstrap_interval(x: ArrayLike, statistic: Callable[[NDArray], float] = np.mean, confidence: float = 0.95,
                       n_boot: int = 2000, rng=None) -> Interval:
    """Percentile bootstrap: resample ``x`` with replacement ``n_boot`` times; take the middle ``confidence``."""
    x = _sample(x, "x", min_n=2)
    c = _confidence(confidence)
    n_boot = check_positive_int(n_boot, "n_boot")
    if not callable(statistic):
        raise TypeError(f"statistic must be a function of a 1-D sample, e.g. np.median; got {_describe(statistic)}")
    estimate = _as_scalar(statistic(x), "statistic(x)")  # one number, checked once before the resampling
    g = as_rng(rng)
    stats = np.empty(n_boot)
    chunk = max(1, 2**20 // x.size)  # bounded memory: at most about 1M resampled values at a time
    for start in range(0, n_boot, chunk):
        idx = g.integers(0, x.size, size=(min(chunk, n_boot - start), x.size))
        stats[start:start + idx.shape[0]] = [statistic(row) for row in x[idx]] if statistic is not np.mean \
            else x[idx].mean(axis=1)
    lo, hi = np.quantile(stats, [(1 - c) / 2, (1 + c) / 2])
    return Interval(float(lo), float(hi), estimate, c, "bootstrap percentile")


# -- bias and variance -----------------------------------------------------------------------
@dataclass(frozen=True)
class BiasVariance:
    """Expected test error of a polynomial fit, split as bias² + variance + noise (averaged over x_test)."""

    degree: int
    bias2: float
    variance: float
    noise: float
    test_mse: float
    train_mse: float

    @property
    def total(self) -> float:
        return self.bias2 + self.variance + self.noise


def _default_f(x):
    return np.sin(2 * np.pi * x)


def bias_variance(degree: int, *, n_train: int = 30, noise: float = 0.3, n_sims: int = 300,
                  f: Callable[[NDArray], NDArray] = _default_f, rng=None) -> BiasVariance:
    """Fit a degree-``degree`` polynomial to ``n_sims`` fresh training sets drawn from y = f(x) + noise.

    x is uniform on [0, 1]. At 50 fixed test points, bias² is (mean prediction − f)², variance is
    the spread of the predictions across training sets, and the noise is σ². ``test_mse`` is
    measured directly on fresh noisy test targets, so bias² + variance + noise ≈ test_mse checks
    the decomposition.
    """
    if isinstance(degree, bool) or not isinstance(degree, numbers.Integral):
        raise TypeError(f"degree must be a non-negative int; got {type(degree).__name__} {degree!r:.40}")
    if degree < 0:
        raise ValueError(f"degree must be a non-negative int; got {degree!r}")
    n_train = check_positive_int(n_train, "n_train")
    if degree >= n_train:
        raise ValueError(f"degree must be below n_train ({n_train}) for a least-squares fit; got {degree}")
    n_sims = check_positive_int(n_sims, "n_sims")
    noise = _as_scalar(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be ≥ 0 (a standard deviation); got {noise}")
    if noise > 1e150:  # σ² and the squared errors (several σ each) must stay within float64's 1.8e308
        raise ValueError(f"noise must be at most 1e150, so that σ² and the squared errors fit in float64; "
                         f"got {noise:.3g}")
    if not callable(f):
        raise TypeError(f"f must be a function of x, e.g. np.sin; got {_describe(f)}")
    g = as_rng(rng)
    x_test = np.linspace(0.02, 0.98, 50)
    preds = np.empty((n_sims, x_test.size))
    train_err = np.empty(n_sims)
    test_err = np.empty(n_sims)
    P = np.polynomial.Polynomial
    for s in range(n_sims):
        x = g.uniform(0, 1, n_train)
        y = f(x) + g.normal(0, noise, n_train)
        p = P.fit(x, y, degree)  # scaled domain: well conditioned
        preds[s] = p(x_test)
        train_err[s] = np.mean((p(x) - y) ** 2)
        test_err[s] = np.mean((preds[s] - (f(x_test) + g.normal(0, noise, x_test.size))) ** 2)
    bias2 = float(np.mean((preds.mean(axis=0) - f(x_test)) ** 2))
    var = float(np.mean(preds.var(axis=0)))
    return BiasVariance(int(degree), bias2, var, float(noise ** 2), float(test_err.mean()), float(train_err.mean()))


# -- classification metrics ------------------------------------------------------------------
def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike) -> NDArray:
    """2 × 2 counts ``[[TN, FP], [FN, TP]]`` (rows: true class 0, 1; columns: predicted 0, 1), as scikit-learn.

    >>> confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    array([[1, 1],
           [1, 2]])
    """
    t, p = _binary(y_true, "y_true"), _binary(y_pred, "y_pred")
    if t.size != p.size:
        raise ValueError(f"y_true and y_pred must have the same length; got {t.size} and {p.size}")
    return np.bincount((2 * t + p).astype(np.int64), minlength=4).reshape(2, 2)


def _counts(y_true, y_pred):
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred)
    return int(tn), int(fp), int(fn), int(tp)


def _ratio(num, den, what):
    if den == 0:
        raise ValueError(f"{what} is undefined here (0/0): {'no positive predictions' if 'precision' in what else 'no positive labels'}")
    return num / den


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    tn, fp, fn, tp = _counts(y_true, y_pred)
    return (tp + tn) / (tn + fp + fn + tp)


def precision(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """TP / (TP + FP): of the items flagged positive, the share that are."""
    tn, fp, fn, tp = _counts(y_true, y_pred)
    return _ratio(tp, tp + fp, "precision")


def recall(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """TP / (TP + FN): of the real positives, the share that were found."""
    tn, fp, fn, tp = _counts(y_true, y_pred)
    return _ratio(tp, tp + fn, "recall")


def f1(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Harmonic mean of precision and recall, 2TP / (2TP + FP + FN)."""
    tn, fp, fn, tp = _counts(y_true, y_pred)
    return _ratio(2 * tp, 2 * tp + fp + fn, "F1 (precision and recall)")


def binary_metrics(y_true: ArrayLike, y_pred: ArrayLike) -> dict:
    """All of the counts and metrics at once; an undefined ratio is None (with no exception)."""
    tn, fp, fn, tp = _counts(y_true, y_pred)

    def safe(n, d):
        return n / d if d else None

    return {"tn": tn, "fp": fp, "fn": fn, "tp": tp, "accuracy": (tp + tn) / (tn + fp + fn + tp),
            "precision": safe(tp, tp + fp), "recall": safe(tp, tp + fn), "specificity": safe(tn, tn + fp),
            "f1": safe(2 * tp, 2 * tp + fp + fn)}


def _scores(y_true, scores):
    y = _binary(y_true, "y_true")
    s = _sample(scores, "scores")
    if s.size != y.size:
        raise ValueError(f"y_true and scores must have the same length; got {y.size} and {s.size}")
    n_pos = int(np.count_nonzero(y))
    if n_pos == 0 or n_pos == y.size:
        only = "1" if n_pos else "0"
        raise ValueError(f"y_true contains a single class (all {only}): ROC and precision-recall need both "
                         "positives and negatives")
    return y, s


def _curve_counts(y, s):
    """Cumulative TP and FP counts at each distinct threshold, highest score first."""
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s_sorted)), y.size - 1]  # last index of each tie group
    tps = np.cumsum(y_sorted)[last]
    fps = (last + 1) - tps
    return tps, fps, s_sorted[last]


def roc_curve(y_true: ArrayLike, scores: ArrayLike) -> tuple[NDArray, NDArray, NDArray]:
    """False- and true-positive rates at every distinct threshold (predict 1 when score ≥ threshold).

    Starts at (0, 0) with threshold +inf, as ``sklearn.metrics.roc_curve(drop_intermediate=False)``.
    """
    y, s = _scores(y_true, scores)
    tps, fps, thr = _curve_counts(y, s)
    return np.r_[0.0, fps / fps[-1]], np.r_[0.0, tps / tps[-1]], np.r_[np.inf, thr]


def roc_auc(y_true: ArrayLike, scores: ArrayLike) -> float:
    """Area under the ROC curve = P(a random positive scores above a random negative), ties counting ½.

    Computed from ranks (the Mann–Whitney U statistic) with one sort: no curve is built.

    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    y, s = _scores(y_true, scores)
    n_pos = float(np.count_nonzero(y))
    n_neg = y.size - n_pos
    u = ranks(s)[y == 1].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def precision_recall_curve(y_true: ArrayLike, scores: ArrayLike) -> tuple[NDArray, NDArray, NDArray]:
    """Precision and recall at every distinct threshold, highest threshold first (recall rising)."""
    y, s = _scores(y_true, scores)
    tps, fps, thr = _curve_counts(y, s)
    return tps / (tps + fps), tps / tps[-1], thr


def average_precision(y_true: ArrayLike, scores: ArrayLike) -> float:
    """Area under the precision–recall step curve: Σ (R_k − R_{k−1}) P_k (as scikit-learn)."""
    prec, rec, _ = precision_recall_curve(y_true, scores)
    return float(np.sum(np.diff(np.r_[0.0, rec]) * prec))


# -- regression metrics ----------------------------------------------------------------------
def mae(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean absolute error, in the units of y."""
    t, p = _pair(y_true, y_pred, ("y_true", "y_pred"))
    return float(np.mean(np.abs(t - p)))


def rmse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Root mean squared error: back in the units of y."""
    t, p = _pair(y_true, y_pred, ("y_true", "y_pred"))
    e = scale_exponent(t, p)  # 2^e: the squares of 1e300 errors stay finite, and so does their root
    r = np.ldexp(t, e) - np.ldexp(p, e)
    try:
        return math.ldexp(math.sqrt(float(r @ r) / r.size), -e)
    except OverflowError:
        raise ValueError("the RMSE of y_pred is beyond the float64 range (about 1.8e308)") from None


def r2(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """1 − SSE/SST: the share of the variance of y explained. 1 is perfect, 0 is "predict the mean", can be < 0."""
    t, p = _in_range(*_pair(y_true, y_pred, ("y_true", "y_pred")))  # R² ignores a common scale
    sst = float(np.sum((t - t.mean()) ** 2))
    sse = float(np.sum((t - p) ** 2))
    if sst == 0:
        raise ValueError("y_true is constant, so R² is undefined (0 variance to explain)")
    return 1.0 - sse / sst
