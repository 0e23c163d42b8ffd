r"""Special functions for mlviz.stats, in plain Python/NumPy (SciPy stays a test-only reference).

Regularized incomplete beta and gamma functions by their continued fractions and
series (Numerical Recipes, 3rd ed., §6.2 and §6.4), and the distribution functions
built on them. Accurate to about 1e-13 against scipy.special (tests/test_stats_reference.py).
"""
from __future__ import annotations

import math

import numpy as np

_EPS = 1e-15
_TINY = 1e-300
_MAXIT = 10_000


def _betacf(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAXIT + 1):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def gammainc(a: float, x: float, upper: bool = False) -> float:
    """Regularized lower incomplete gamma P(a, x), or the upper Q(a, x) = 1 − P."""
    if x <= 0.0:
        return 1.0 if upper else 0.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1.0:  # series for P
        ap, term = a, 1.0 / a
        total = term
        for _ in range(_MAXIT):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        p = total * math.exp(log_front)
        return 1.0 - p if upper else p
    b = x + 1.0 - a  # continued fraction for Q
    c, d = 1.0 / _TINY, 1.0 / b
    h = d
    for i in range(1, _MAXIT):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    q = math.exp(log_front) * h
    return q if upper else 1.0 - q


def _vectorize(f):
    vf = np.frompyfunc(f, f.__code__.co_argcount, 1)

    def wrapped(*args):
        out = vf(*args)
        return float(out) if np.ndim(out) == 0 else np.asarray(out, dtype=float)

    wrapped.__doc__ = f.__doc__
    return wrapped


@_vectorize
def norm_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@_vectorize
def norm_sf(x):
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def _norm_ppf_scalar(p: float) -> float:
    if p <= 0.0:
        return -math.inf
    if p >= 1.0:
        return math.inf
    # Work in the lower tail (1 - p is exact for p ≥ 0.5), where erfc keeps full relative precision.
    return -_norm_ppf_lower(1.0 - p) if p > 0.5 else _norm_ppf_lower(p)


def _norm_ppf_lower(q: float) -> float:
    """Quantile for q ≤ 0.5: Acklam's rational approximation (relative error 1e-9), then Newton on erfc."""
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
         -3.066479806614716e01, 2.506628277459239e00)
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
         -1.328068155288572e01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
         4.374664141464968e00, 2.938163982698783e00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    if q < 0.02425:
        r = math.sqrt(-2.0 * math.log(q))
        x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / \
            ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1.0)
    else:
        r = q - 0.5
        s = r * r
        x = (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / \
            (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1.0)
    for _ in range(2):
        err = 0.5 * math.erfc(-x / math.sqrt(2.0)) - q
        x -= err / (math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi))
    return x


norm_ppf = _vectorize(_norm_ppf_scalar)


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1.0 - tail


def t_two_sided(t: float, df: float) -> float:
    """P(|T| ≥ |t|): one incomplete-beta evaluation, accurate in the far tail."""
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def t_ppf(q: float, df: float) -> float:
    """Quantile of Student's t, by bisection on the monotone cdf (about 1e-14 absolute)."""
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must be in (0, 1); got {q}")
    if q == 0.5:
        return 0.0
    target, sign = (1.0 - q, 1.0) if q > 0.5 else (q, -1.0)  # upper-tail probability to hit
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > target:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_sf(mid, df) > target:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * max(1.0, hi):
            break
    return sign * 0.5 * (lo + hi)


def chi2_sf(x: float, df: float) -> float:
    """P(χ² > x) with ``df`` degrees of freedom."""
    return gammainc(df / 2.0, x / 2.0, upper=True)


def log_comb(n, k):
    """log of the binomial coefficient C(n, k), elementwise."""
    lg = np.frompyfunc(math.lgamma, 1, 1)
    n, k = np.asarray(n, float), np.asarray(k, float)
    return np.asarray(lg(n + 1) - lg(k + 1) - lg(n - k + 1), dtype=float)


def log_factorial(k):
    lg = np.frompyfunc(math.lgamma, 1, 1)
    return np.asarray(lg(np.asarray(k, float) + 1), dtype=float)
