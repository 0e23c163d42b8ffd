"""mlviz.stats against scipy.stats and sklearn.metrics. Stated tolerances: statistics and degrees of
freedom to 1e-10 relative; p-values to 1e-10 absolute (and 1e-8 relative where they are tiny);
distribution functions to 1e-12 absolute; metrics exactly or to 1e-12."""
import numpy as np
import pytest
import scipy.stats as st
from sklearn import metrics as skm

from mlviz import stats as S


@pytest.fixture(params=[0, 1, 2, 3])
def rng(request):
    return np.random.default_rng(request.param)


def close_p(ours, ref):
    assert ours == pytest.approx(ref, abs=1e-10, rel=1e-8)


def test_ttest_1samp(rng):
    for n, shift in ((5, 0.0), (30, 0.4), (200, 0.1), (12, 3.0)):
        x = rng.normal(shift, 1.0, n)
        ours, ref = S.ttest_1samp(x, 0.2), st.ttest_1samp(x, 0.2)
        assert ours.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert ours.df == ref.df
        close_p(ours.pvalue, ref.pvalue)


@pytest.mark.parametrize("equal_var", [True, False])
def test_ttest_ind(rng, equal_var):
    for na, nb, sa, sb in ((5, 8, 1.0, 3.0), (40, 25, 2.0, 0.5), (100, 100, 1.0, 1.0)):
        a, b = rng.normal(0, sa, na), rng.normal(0.5, sb, nb)
        ours, ref = S.ttest_ind(a, b, equal_var=equal_var), st.ttest_ind(a, b, equal_var=equal_var)
        assert ours.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert ours.df == pytest.approx(ref.df, rel=1e-10)
        close_p(ours.pvalue, ref.pvalue)


@pytest.mark.parametrize("correction", [False, True])
def test_chi2_independence(rng, correction):
    for shape in ((2, 2), (2, 3), (4, 5)):
        table = rng.integers(1, 60, size=shape)
        (ours, E), ref = S.chi2_independence(table, correction=correction), st.chi2_contingency(table, correction=correction)
        assert ours.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert ours.df == ref.dof
        close_p(ours.pvalue, ref.pvalue)
        np.testing.assert_allclose(E, ref.expected_freq, rtol=1e-12)


def test_normal_distribution():
    d, ref = S.Normal(1.5, 2.0), st.norm(1.5, 2.0)
    x = np.linspace(-12, 15, 301)
    np.testing.assert_allclose(d.pdf(x), ref.pdf(x), atol=1e-14)
    np.testing.assert_allclose(d.cdf(x), ref.cdf(x), atol=1e-14)
    q = np.array([1e-10, 0.001, 0.025, 0.5, 0.8, 0.975, 0.999999])
    np.testing.assert_allclose(d.ppf(q), ref.ppf(q), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n,p", [(10, 0.3), (1, 0.5), (60, 0.02), (500, 0.9), (20, 0.0), (20, 1.0)])
def test_binomial_distribution(n, p):
    d, ref = S.Binomial(n, p), st.binom(n, p)
    k = np.arange(-2, n + 3)
    np.testing.assert_allclose(d.pmf(k), ref.pmf(k), atol=1e-12)
    np.testing.assert_allclose(d.cdf(k), ref.cdf(k), atol=1e-12)
    np.testing.assert_allclose(d.pmf(k).sum(), 1.0)


@pytest.mark.parametrize("lam", [0.3, 4.0, 25.0, 300.0])
def test_poisson_distribution(lam):
    d, ref = S.Poisson(lam), st.poisson(lam)
    k = np.arange(-1, int(lam * 3 + 20))
    np.testing.assert_allclose(d.pmf(k), ref.pmf(k), atol=1e-12)
    np.testing.assert_allclose(d.cdf(k), ref.cdf(k), atol=1e-12)


def test_t_interval_matches_scipy(rng):
    x = rng.normal(10, 3, 25)
    iv = S.t_interval(x, 0.9)
    lo, hi = st.t.interval(0.9, df=24, loc=x.mean(), scale=st.sem(x))
    assert (iv.low, iv.high) == pytest.approx((lo, hi), rel=1e-12)


def test_confusion_and_binary_metrics(rng):
    y = rng.integers(0, 2, 500)
    p = np.where(rng.random(500) < 0.8, y, 1 - y)
    np.testing.assert_array_equal(S.confusion_matrix(y, p), skm.confusion_matrix(y, p))
    prec, rec, f, _ = skm.precision_recall_fscore_support(y, p, average="binary")
    assert S.precision(y, p) == pytest.approx(prec, abs=1e-12)
    assert S.recall(y, p) == pytest.approx(rec, abs=1e-12)
    assert S.f1(y, p) == pytest.approx(f, abs=1e-12)
    assert S.accuracy(y, p) == pytest.approx(skm.accuracy_score(y, p), abs=1e-12)


def test_roc_curve_auc_and_pr(rng):
    for ties in (False, True):
        y = rng.integers(0, 2, 400)
        s = y * 0.7 + rng.normal(0, 0.6, 400)
        if ties:
            s = np.round(s, 1)   # many tied scores
        fpr, tpr, thr = S.roc_curve(y, s)
        rf, rt, rthr = skm.roc_curve(y, s, drop_intermediate=False)
        np.testing.assert_allclose(fpr, rf, atol=1e-12)
        np.testing.assert_allclose(tpr, rt, atol=1e-12)
        np.testing.assert_array_equal(thr[1:], rthr[1:])
        assert S.roc_auc(y, s) == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)
        assert S.roc_auc(y, s) == pytest.approx(np.trapezoid(tpr, fpr), abs=1e-12)
        assert S.average_precision(y, s) == pytest.approx(skm.average_precision_score(y, s), abs=1e-12)
        prec, rec, pthr = S.precision_recall_curve(y, s)
        rp, rr, rpt = skm.precision_recall_curve(y, s, drop_intermediate=False)
        # scikit-learn lists thresholds ascending and appends (precision 1, recall 0)
        np.testing.assert_allclose(prec, rp[:-1][::-1], atol=1e-12)
        np.testing.assert_allclose(rec, rr[:-1][::-1], atol=1e-12)
        np.testing.assert_array_equal(pthr, rpt[::-1])


def test_regression_metrics(rng):
    y = rng.normal(size=100)
    yp = y + rng.normal(0, 0.5, 100)
    assert S.r2(y, yp) == pytest.approx(skm.r2_score(y, yp), abs=1e-12)
    assert S.mae(y, yp) == pytest.approx(skm.mean_absolute_error(y, yp), abs=1e-12)
    assert S.mse(y, yp) == pytest.approx(skm.mean_squared_error(y, yp), abs=1e-12)
    assert S.rmse(y, yp) == pytest.approx(np.sqrt(skm.mean_squared_error(y, yp)), abs=1e-12)


def test_naive_bayes_matches_sklearn_bernoulli_nb(rng):
    from sklearn.naive_bayes import BernoulliNB

    X = (rng.random((200, 12)) < 0.3).astype(float)
    y = (X[:, 0] + X[:, 1] + rng.random(200) > 1.2).astype(float)
    ours = S.NaiveBayes(alpha=1.0).fit(X, y)
    ref = BernoulliNB(alpha=1.0).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-10, atol=1e-12)


def test_describe_and_correlation_match_numpy(rng):
    x = rng.standard_exponential(101)
    y = x + rng.normal(size=101)
    d = S.describe(x)
    assert d.std == pytest.approx(np.std(x, ddof=1), rel=1e-12) and d.median == np.median(x)
    assert S.covariance(x, y) == pytest.approx(np.cov(x, y)[0, 1], rel=1e-12)
    assert S.correlation(x, y) == pytest.approx(st.pearsonr(x, y)[0], rel=1e-12)
    assert S.rank_correlation(x, y) == pytest.approx(st.spearmanr(x, y)[0], rel=1e-12)
    ties = np.round(3 * y)   # many ties
    np.testing.assert_array_equal(S.ranks(ties), st.rankdata(ties))
    assert S.rank_correlation(np.round(x), ties) == pytest.approx(st.spearmanr(np.round(x), ties)[0], rel=1e-12)
    X = np.column_stack([x, y, rng.normal(size=101)])
    np.testing.assert_allclose(S.correlation_matrix(X), np.corrcoef(X, rowvar=False), atol=1e-12)
    for rule in S.BIN_RULES:
        np.testing.assert_allclose(S.bin_edges(x, rule), np.histogram_bin_edges(x, rule), rtol=1e-12)


# -- distribution functions that used to go wrong far out -----------------------------------------
def test_poisson_cdf_at_a_huge_rate_matches_scipy():
    # The continued fraction of the removed _special module read 0.534 here.
    assert S.Poisson(3e7).cdf(3e7) == pytest.approx(st.poisson.cdf(3e7, 3e7), abs=1e-12)
    assert S.Poisson(3e7).cdf(3e7) == pytest.approx(0.50005, abs=1e-5)
    k = 3e7 + np.array([-2e4, -5e3, 0.0, 5e3, 2e4])
    np.testing.assert_allclose(S.Poisson(3e7).cdf(k), st.poisson.cdf(k, 3e7), atol=1e-12)


def test_binomial_cdf_with_a_quadrillion_trials_matches_scipy():
    # It read -86.7: not even a probability.
    d = S.Binomial(10**15, 0.5)
    assert d.cdf(5 * 10**14) == pytest.approx(st.binom.cdf(5 * 10**14, 10**15, 0.5), abs=1e-12)
    assert 0.5 < d.cdf(5 * 10**14) < 0.5 + 1e-7
    k = 5e14 + np.array([-1e8, -1e7, 0.0, 1e7, 1e8])
    np.testing.assert_allclose(d.cdf(k), st.binom.cdf(k, 10**15, 0.5), atol=1e-12)


def test_t_and_chi2_tails_far_out_match_scipy():
    x = np.array([10.0, 10.1, 9.9, 10.05, 9.95, 10.02])
    ours, ref = S.ttest_1samp(x, 0.0), st.ttest_1samp(x, 0.0)   # t ≈ 340: p ≈ 1e-12
    assert ours.pvalue == pytest.approx(ref.pvalue, rel=1e-8)
    table = np.array([[900, 100], [100, 900]])
    (res, _), ref = S.chi2_independence(table), st.chi2_contingency(table, correction=False)
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-8) and 0 < res.pvalue < 1e-100


# -- exact where the data lives: the same statistic at any offset -----------------------------------
OFFSETS = [0.0, 1e4, 1e6, 1e9]


def on_grid(values):
    """Multiples of 2^-20: x + 1e9 holds the same numbers exactly, so any change is the statistic's fault."""
    return np.round(values * 2**20) / 2**20


@pytest.fixture
def samples():
    rng = np.random.default_rng(11)
    a, b = on_grid(rng.normal(0.0, 1.0, 40)), on_grid(rng.normal(0.4, 2.0, 25))
    x, y = on_grid(rng.normal(size=60)), None
    y = on_grid(0.6 * x + rng.normal(size=60))
    return a, b, x, y


@pytest.mark.parametrize("offset", OFFSETS)
def test_t_tests_are_exact_at_any_offset(samples, offset):
    a, b, _, _ = samples
    assert np.array_equal((a + offset) - offset, a)
    one, ref1 = S.ttest_1samp(a + offset, 0.25 + offset), st.ttest_1samp(a, 0.25)  # 0.25 + 1e9 is exact
    assert one.statistic == pytest.approx(ref1.statistic, rel=1e-9)
    assert one.pvalue == pytest.approx(ref1.pvalue, rel=1e-8)
    for equal_var in (True, False):
        two, ref2 = S.ttest_ind(a + offset, b + offset, equal_var=equal_var), st.ttest_ind(a, b, equal_var=equal_var)
        assert two.statistic == pytest.approx(ref2.statistic, rel=1e-9)
        assert two.df == pytest.approx(ref2.df, rel=1e-9)
        assert two.pvalue == pytest.approx(ref2.pvalue, rel=1e-8)
    iv, ref_iv = S.t_interval(a + offset, 0.9), S.t_interval(a, 0.9)
    # the mean and the ends are stored at the offset, where a float64 step (ulp) is 1.2e-7 at 1e9: a few
    # ulps there is all the precision there is; the width (the standard error) must not lose more
    ulps = 4 * np.spacing(offset)
    assert iv.low - offset == pytest.approx(ref_iv.low, rel=1e-9, abs=ulps)
    assert iv.high - offset == pytest.approx(ref_iv.high, rel=1e-9, abs=ulps)
    assert iv.high - iv.low == pytest.approx(ref_iv.high - ref_iv.low, rel=1e-9, abs=2 * ulps)


@pytest.mark.parametrize("offset", OFFSETS)
def test_spread_and_correlation_are_exact_at_any_offset(samples, offset):
    _, _, x, y = samples
    assert S.correlation(x + offset, y + offset) == pytest.approx(st.pearsonr(x, y)[0], rel=1e-9)
    assert S.covariance(x + offset, y) == pytest.approx(np.cov(x, y)[0, 1], rel=1e-9)
    assert S.describe(x + offset).std == pytest.approx(np.std(x, ddof=1), rel=1e-9)
    M = np.column_stack([x, y, x - y])
    np.testing.assert_allclose(S.correlation_matrix(M + offset), np.corrcoef(M, rowvar=False), rtol=1e-9, atol=1e-12)
    assert S.r2(y + offset, x + offset) == pytest.approx(skm.r2_score(y, x), rel=1e-9)


# -- extreme magnitudes: the statistics that ignore scale stay exact ---------------------------------
@pytest.mark.parametrize("scale", [1e300, 1e-300])
def test_statistics_at_extreme_magnitudes_match_scipy(samples, scale):
    a, b, x, y = samples
    assert S.ttest_1samp(a * scale, 0.2 * scale).statistic == pytest.approx(st.ttest_1samp(a, 0.2).statistic, rel=1e-12)
    for equal_var in (True, False):
        ours, ref = S.ttest_ind(a * scale, b * scale, equal_var=equal_var), st.ttest_ind(a, b, equal_var=equal_var)
        assert ours.statistic == pytest.approx(ref.statistic, rel=1e-12)
        assert ours.df == pytest.approx(ref.df, rel=1e-12)
    assert S.describe(a * scale).std == pytest.approx(np.std(a, ddof=1) * scale, rel=1e-12)
    iv = S.t_interval(a * scale, 0.95)
    lo, hi = st.t.interval(0.95, df=a.size - 1, loc=a.mean(), scale=st.sem(a))
    assert (iv.low / scale, iv.high / scale) == pytest.approx((lo, hi), rel=1e-12)
    assert S.r2(y * scale, x * scale) == pytest.approx(skm.r2_score(y, x), rel=1e-12)
    assert S.rmse(y * scale, x * scale) / scale == pytest.approx(np.sqrt(skm.mean_squared_error(y, x)), rel=1e-12)
    table = np.array([[10.0, 20.0], [30.0, 15.0]])
    (res, E), ref = S.chi2_independence(table * scale), st.chi2_contingency(table, correction=False)
    assert res.statistic / scale == pytest.approx(ref.statistic, rel=1e-12)   # χ² grows with the counts
    np.testing.assert_allclose(E / scale, ref.expected_freq, rtol=1e-12)
