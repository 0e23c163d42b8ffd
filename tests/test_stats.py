"""mlviz.stats: hand-computed cases, simulations with known answers, and one test per bad input."""
import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from mlviz import stats as S


# -- hand-computed -------------------------------------------------------------------------------
def test_describe_by_hand_mean_vs_median_with_outlier():
    d = S.describe([2, 4, 4, 4, 5, 5, 7, 9])
    assert (d.mean, d.median) == (5.0, 4.5)
    assert d.var == pytest.approx(32 / 7) and d.std == pytest.approx(np.sqrt(32 / 7))
    assert S.describe([2, 4, 4, 4, 5, 5, 7, 9], ddof=0).std == 2.0   # the textbook population example
    outlier = S.describe([2, 4, 4, 4, 5, 5, 7, 900])
    assert outlier.median == 4.5 and outlier.mean == pytest.approx(116.375)
    assert "median" in str(outlier)


def test_covariance_correlation_by_hand_and_units():
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 1.0, 4.0, 3.0])
    # centred: (-1.5, -0.5, 0.5, 1.5) and (-0.5, -1.5, 1.5, 0.5): dot = 0.75 + 0.75 + 0.75 + 0.75 = 3
    assert S.covariance(x, y) == pytest.approx(1.0)
    assert S.covariance(x, y, ddof=0) == pytest.approx(0.75)
    assert S.correlation(x, y) == pytest.approx(3 / 5)
    assert S.covariance(100 * x, y) == pytest.approx(100.0)      # metres → centimetres: ×100
    assert S.correlation(100 * x, y) == pytest.approx(3 / 5)     # unit-free
    xs = np.linspace(-3, 3, 61)
    assert abs(S.correlation(xs, xs ** 2)) < 1e-12               # fully dependent, zero correlation


def test_ranks_and_rank_correlation_by_hand():
    assert S.ranks([3.0, 1.0, 2.0]).tolist() == [3.0, 1.0, 2.0]
    assert S.ranks([5.0, 5.0, 5.0]).tolist() == [2.0, 2.0, 2.0]             # all tied: the middle rank
    assert S.ranks([2.0, 1.0, 2.0, 0.0, 2.0]).tolist() == [4.0, 2.0, 4.0, 1.0, 4.0]  # ranks 3, 4, 5 → 4
    # y = x² on x ≥ 0 is monotone: rank correlation 1, Pearson below 1
    x = np.arange(6.0)
    assert S.rank_correlation(x, x ** 2) == 1.0 and S.correlation(x, x ** 2) < 0.97
    # one far outlier: Pearson follows it to near 1, ranks only move by one place
    x, y = np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([5.0, 4.0, 3.0, 2.0, 100.0])
    # ranks of y: (4, 3, 2, 1, 5); against (1..5): centred dot = −6 + 0 + 0 + 0 + ... by hand = 0
    assert S.rank_correlation(x, y) == pytest.approx(0.0, abs=1e-15)
    assert S.correlation(x, y) > 0.65
    with pytest.raises(ValueError, match=r"y is constant, so its correlation is undefined"):
        S.rank_correlation([1, 2, 3], [4, 4, 4])
    with pytest.raises(ValueError, match=r"x and y must have the same length; got 3 and 2"):
        S.rank_correlation([1, 2, 3], [4, 5])


def test_bayes_by_hand():
    # 1% prevalence, 99% sensitivity, 95% specificity: 0.0099 / (0.0099 + 0.0495) = 1/6
    assert S.posterior_given_positive(0.01, 0.99, 0.95) == pytest.approx(1 / 6)
    assert S.bayes_rule(likelihood=0.99, prior=0.01, evidence=0.0594) == pytest.approx(1 / 6)
    assert S.conditional(0.12, 0.4) == 0.3
    assert S.conditional(3e-16, 1.0) == 3e-16      # not rounded away to 0
    assert S.conditional(1e-300, 1e-299) == pytest.approx(0.1, rel=1e-15)


def test_naive_bayes_by_hand():
    X = np.array([[1, 0], [1, 1], [0, 0], [0, 1]], float)
    y = np.array([1, 1, 0, 0], float)
    nb = S.NaiveBayes(alpha=1.0).fit(X, y)
    # P(x0=1 | spam) = (2 + 1) / (2 + 2) = 0.75; P(x0=1 | ham) = (0 + 1)/(2 + 2) = 0.25; P(x1=1|.) = 0.5
    np.testing.assert_allclose(nb.feature_prob_, [[0.25, 0.5], [0.75, 0.5]])
    # x = (1, 0): spam ∝ 0.5·0.75·0.5, ham ∝ 0.5·0.25·0.5 → P(spam) = 0.75
    assert nb.predict_proba([[1.0, 0.0]])[0, 1] == pytest.approx(0.75)
    np.testing.assert_array_equal(nb.predict(X), [1, 1, 0, 0])


def test_metrics_by_hand():
    y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    p = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]   # TP 3, FN 1, FP 1, TN 5
    np.testing.assert_array_equal(S.confusion_matrix(y, p), [[5, 1], [1, 3]])
    assert S.accuracy(y, p) == 0.8 and S.precision(y, p) == 0.75 and S.recall(y, p) == 0.75
    assert S.f1(y, p) == 0.75
    m = S.binary_metrics(y, p)
    assert m["specificity"] == 5 / 6 and m["tp"] == 3
    assert S.binary_metrics([0, 1], [0, 0])["precision"] is None   # no positive predictions: undefined
    assert S.mae([1, 2, 3], [2, 2, 5]) == 1.0 and S.rmse([1, 2, 3], [2, 2, 5]) == pytest.approx(np.sqrt(5 / 3))
    assert S.r2([1, 2, 3], [1, 2, 3]) == 1.0 and S.r2([1, 2, 3], [2, 2, 2]) == 0.0


def test_roc_by_hand():
    y, s = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    fpr, tpr, thr = S.roc_curve(y, s)
    np.testing.assert_allclose(fpr, [0, 0, 0.5, 0.5, 1])
    np.testing.assert_allclose(tpr, [0, 0.5, 0.5, 1, 1])
    assert S.roc_auc(y, s) == 0.75                 # 3 of the 4 (positive, negative) pairs ordered right
    assert S.roc_auc([0, 1], [0.5, 0.5]) == 0.5    # a tie counts one half
    prec, rec, _ = S.precision_recall_curve(y, s)
    np.testing.assert_allclose(prec, [1, 0.5, 2 / 3, 0.5])


def test_intervals_by_hand():
    iv = S.t_interval([1.0, 2.0, 3.0], confidence=0.95)   # mean 2, s = 1, t(0.975, 2) = 4.302653
    assert iv.estimate == 2.0
    assert iv.high - 2.0 == pytest.approx(4.302652729749464 / np.sqrt(3), rel=1e-12)
    b = S.bootstrap_interval(np.arange(100.0), rng=0)
    assert b.low < 49.5 < b.high and b.contains(49.5)
    assert S.bootstrap_interval(np.arange(100.0), rng=0) == b   # seeded: identical
    m = S.bootstrap_interval(np.arange(100.0), statistic=np.median, n_boot=300, rng=1)
    assert m.low <= 49.5 <= m.high


# -- simulations with a known answer --------------------------------------------------------------
def test_pvalues_are_uniform_under_the_null():
    rng = np.random.default_rng(0)
    p = np.array([S.ttest_ind(rng.normal(size=20), rng.normal(size=20)).pvalue for _ in range(2000)])
    assert abs(np.mean(p < 0.05) - 0.05) < 0.015     # binomial sd at n=2000 is 0.005
    assert abs(np.mean(p < 0.5) - 0.5) < 0.04


def test_t_interval_coverage_is_about_nominal():
    rng = np.random.default_rng(1)
    hits = [S.t_interval(rng.normal(3.0, 2.0, 10), 0.9).contains(3.0) for _ in range(3000)]
    assert abs(np.mean(hits) - 0.9) < 0.02


def test_bias_variance_decomposition_adds_up_and_trades_off():
    results = {d: S.bias_variance(d, n_sims=300, rng=2) for d in (1, 3, 9)}
    for r in results.values():
        assert r.total == pytest.approx(r.test_mse, rel=0.1)
    assert results[1].bias2 > 10 * results[3].bias2            # a line underfits the sine
    assert results[9].variance > 2 * results[3].variance        # degree 9 overfits 30 points
    assert results[9].train_mse < results[3].train_mse < results[1].train_mse


def test_distribution_samples_match_their_moments():
    for d in (S.Normal(2.0, 3.0), S.Binomial(20, 0.3), S.Poisson(4.0)):
        x = d.sample(200_000, rng=3)
        assert x.mean() == pytest.approx(d.mean, rel=0.02) and x.var() == pytest.approx(d.var, rel=0.03)
    np.testing.assert_array_equal(S.Poisson(4.0).sample(5, rng=1), S.Poisson(4.0).sample(5, rng=1))


# -- properties -------------------------------------------------------------------------------------
scores_and_labels = st.integers(4, 60).flatmap(lambda n: st.tuples(
    arrays(np.float64, n, elements=st.floats(-100, 100, allow_nan=False)),
    arrays(np.float64, n, elements=st.sampled_from([0.0, 1.0]))))


@given(scores_and_labels)
def test_auc_of_flipped_scores_is_one_minus_auc(data):
    s, y = data
    assume(0 < y.sum() < y.size)
    assert S.roc_auc(y, -s) == pytest.approx(1 - S.roc_auc(y, s), abs=1e-12)
    assert 0.0 <= S.roc_auc(y, s) <= 1.0


@given(arrays(np.float64, st.integers(2, 40), elements=st.floats(-1e3, 1e3, allow_nan=False)))
def test_r2_of_a_perfect_fit_is_one(y):
    assume(np.ptp(y) > 1e-6)   # a (near-)constant y has no variance to explain
    assert S.r2(y, y.copy()) == 1.0


@given(st.integers(3, 40).flatmap(lambda n: st.tuples(
    arrays(np.float64, n, elements=st.floats(-1e3, 1e3, allow_nan=False)),
    arrays(np.float64, n, elements=st.floats(-1e3, 1e3, allow_nan=False)))))
@settings(max_examples=200)
def test_correlation_in_range_and_symmetric(data):
    x, y = data
    assume(np.ptp(x) > 1e-6 and np.ptp(y) > 1e-6)
    r = S.correlation(x, y)
    assert -1.0 <= r <= 1.0 and r == S.correlation(y, x)


@given(st.integers(3, 40).flatmap(lambda n: st.tuples(
    arrays(np.float64, n, elements=st.integers(-50, 50)),   # integers: ties, and the transforms below
    arrays(np.float64, n, elements=st.integers(-50, 50)))))  # keep distinct values distinct
@settings(max_examples=200)
def test_rank_correlation_ignores_increasing_transforms(data):
    x, y = data
    assume(np.ptp(x) > 0 and np.ptp(y) > 0)
    r = S.rank_correlation(x, y)
    assert -1.0 <= r <= 1.0
    assert S.rank_correlation(np.exp(x / 10), y ** 3) == pytest.approx(r, abs=1e-12)  # same order, same ranks
    assert S.rank_correlation(-x, y) == pytest.approx(-r, abs=1e-12)
    assert S.ranks(x).sum() == pytest.approx(len(x) * (len(x) + 1) / 2)  # ties share, the total is kept


@given(st.floats(0.001, 0.999), st.floats(0.5, 1.0), st.floats(0.5, 1.0))
def test_posterior_lies_between_zero_and_one_and_grows_with_prevalence(prev, sens, spec):
    a = S.posterior_given_positive(prev, sens, spec)
    b = S.posterior_given_positive(min(prev * 1.5, 1.0), sens, spec)
    assert 0.0 <= a <= b + 1e-12 <= 1.0 + 1e-12


# -- bad input ------------------------------------------------------------------------------------
def test_ddof_not_smaller_than_n():
    with pytest.raises(ValueError, match=r"ddof must be smaller than the number of values in x \(3\); got ddof=3"):
        S.describe([1, 2, 3], ddof=3)
    with pytest.raises(ValueError, match=r"ddof must be smaller .* \(1\); got ddof=1"):
        S.covariance([1.0], [2.0])


@pytest.mark.parametrize("call", [lambda: S.describe([]), lambda: S.bin_edges([]), lambda: S.mae([], []),
                                  lambda: S.ttest_1samp([])])
def test_empty_input(call):
    with pytest.raises(ValueError, match=r"must have at least \d values?; got 0 \(empty input\)"):
        call()


@pytest.mark.parametrize("call", [lambda: S.confusion_matrix([0, 2, 1], [0, 1, 1]),
                                  lambda: S.roc_auc([0, 1, 0.5], [0.1, 0.2, 0.3]),
                                  lambda: S.precision([-1, 1], [1, 1])])
def test_labels_not_binary(call):
    with pytest.raises(ValueError, match=r"must hold binary labels 0 or 1; got .* at index"):
        call()


@pytest.mark.parametrize("call,name", [
    (lambda: S.Binomial(10, 1.2), "p"),
    (lambda: S.posterior_given_positive(-0.1, 0.9, 0.9), "prevalence"),
    (lambda: S.posterior_given_positive(0.1, 1.5, 0.9), "sensitivity"),
    (lambda: S.bayes_rule(0.5, np.nan, 0.5), "prior"),
    (lambda: S.t_interval([1.0, 2.0], confidence=1.5), "confidence"),
])
def test_probabilities_outside_unit_interval(call, name):
    with pytest.raises(ValueError, match=rf"{name} must be a probability in \[0, 1\]; got"):
        call()


def test_contingency_with_negative_counts():
    with pytest.raises(ValueError, match=r"table must hold counts ≥ 0; got -3.0 at \(1, 0\)"):
        S.chi2_independence([[10, 5], [-3, 8]])


@pytest.mark.parametrize("y", [[1, 1, 1], [0, 0, 0, 0]])
def test_single_class_for_roc(y):
    with pytest.raises(ValueError, match=r"y_true contains a single class .* need both positives and negatives"):
        S.roc_curve(y, np.arange(len(y), dtype=float))
    with pytest.raises(ValueError, match=r"single class"):
        S.roc_auc(y, np.arange(len(y), dtype=float))


def test_other_bad_inputs_are_named():
    with pytest.raises(ValueError, match=r"x is constant, so its correlation is undefined"):
        S.correlation([1, 1, 1], [1, 2, 3])
    with pytest.raises(ValueError, match=r"rule must be one of 'sturges', 'sqrt', 'scott', 'fd'; got 'auto'"):
        S.bin_edges([1, 2, 3], rule="auto")
    with pytest.raises(ValueError, match=r"x must contain only finite numbers"):
        S.describe([1.0, np.nan])
    with pytest.raises(ValueError, match=r"x must contain only finite numbers; got nan at index 1"):
        S.ranks([1.0, np.nan])
    with pytest.raises(ValueError, match=r"x must be a 1-D sample; got shape \(2, 2\)"):
        S.rank_correlation([[1, 2], [3, 4]], [1, 2])
    with pytest.raises(ValueError, match=r"precision is undefined here \(0/0\): no positive predictions"):
        S.precision([0, 1], [0, 0])
    with pytest.raises(ValueError, match=r"y_true is constant, so R² is undefined"):
        S.r2([2, 2, 2], [1, 2, 3])
    with pytest.raises(ValueError, match=r"Normal needs a finite mu and sigma > 0"):
        S.Normal(0, -1)
    with pytest.raises(ValueError, match=r"Poisson needs a rate lam > 0"):
        S.Poisson(0)
    with pytest.raises(ValueError, match=r"y_true and y_pred must have the same length; got 2 and 3"):
        S.mae([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match=r"degree must be below n_train \(5\)"):
        S.bias_variance(5, n_train=5)
    with pytest.raises(ValueError, match=r"x has zero spread"):
        S.ttest_1samp([3.0, 3.0, 3.0])
    with pytest.raises(ValueError, match=r"every row and column of table needs a non-zero total"):
        S.chi2_independence([[0, 0], [1, 2]])
    with pytest.raises(ValueError, match=r"X must hold 0/1 features"):
        S.NaiveBayes().fit([[0.5, 1.0], [1.0, 0.0]], [0, 1])


@pytest.mark.parametrize("e", [-700, 700])
def test_correlation_does_not_depend_on_the_scale_even_at_the_float_limits(e):
    # Scaling by 2^e is exact and r ignores scale; the squares used to under- or overflow (an error saying
    # "x is constant" at 2^-700, NaN at 2^700).
    rng = np.random.default_rng(7)
    x = rng.normal(size=40)
    y = x + rng.normal(size=40)
    assert S.correlation(np.ldexp(x, e), y) == pytest.approx(S.correlation(x, y), rel=1e-14)
    M = np.c_[x, y, x * x]
    np.testing.assert_allclose(S.correlation_matrix(np.ldexp(M, [e, -e, 0])), S.correlation_matrix(M), rtol=1e-14)


def test_equal_var_must_be_a_bool():
    # "no" is a truthy string: it used to run Student's test silently
    with pytest.raises(TypeError, match=r"equal_var must be True or False; got str 'no'"):
        S.ttest_ind([1.0, 2.0, 3.0], [2.0, 4.0, 5.0], equal_var="no")
    with pytest.raises(TypeError, match=r"equal_var must be True or False; got NoneType None"):
        S.ttest_ind([1.0, 2.0, 3.0], [2.0, 4.0, 5.0], equal_var=None)
    assert S.ttest_ind([1.0, 2.0, 3.0], [2.0, 4.0, 5.0], equal_var=np.bool_(False)).name == "Welch's t-test"


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba"])
def test_naive_bayes_before_fit_says_to_fit(method):
    with pytest.raises(ValueError, match=r"this NaiveBayes is not fitted yet: call fit\(X, y\) before predicting"):
        getattr(S.NaiveBayes(), method)([[1.0, 0.0]])


@pytest.mark.parametrize("alpha, err, match", [(0, ValueError, r"alpha must be > 0 \(Laplace smoothing\); got 0.0"),
                                               (np.inf, ValueError, r"alpha must be a finite number; got inf"),
                                               ("1", TypeError, r"alpha must be an array of numbers; got str"),
                                               (None, TypeError, r"alpha must be an array of real numbers")])
def test_naive_bayes_alpha(alpha, err, match):
    with pytest.raises(err, match=match):
        S.NaiveBayes(alpha)
    assert S.NaiveBayes(np.int64(2)).alpha == 2.0


def test_bin_edges_refuse_an_outlier_that_asks_for_too_many_bins():
    x = np.r_[np.linspace(0.0, 1.0, 100), 1e12]   # one outlier: Freedman–Diaconis would want ~1e13 bins
    with pytest.raises(ValueError, match=r"rule='fd' asks for .* bins .*more than MAX_BINS = 10000: an outlier "
                                         r"stretches the range; try rule='sturges'"):
        S.bin_edges(x)
    assert S.bin_edges(x, rule="scott").size < 20               # the outlier also inflates the std: few bins
    assert S.bin_edges(x, rule="sturges").size == 9           # ⌈log2 101⌉ + 1 = 8 bins
    assert S.MAX_BINS == 10_000
    edges = S.bin_edges(np.r_[np.linspace(0.0, 1.0, 1000), 50.0])   # a mild outlier is still fine
    np.testing.assert_allclose(edges, np.histogram_bin_edges(np.r_[np.linspace(0.0, 1.0, 1000), 50.0], "fd"))


def test_distribution_parameters_and_points_are_checked():
    with pytest.raises(TypeError, match=r"mu must be an array of numbers; got str"):
        S.Normal("0", 1.0)
    with pytest.raises(ValueError, match=r"sigma must be a finite number; got nan"):
        S.Normal(0.0, np.nan)
    with pytest.raises(TypeError, match=r"lam must be an array of real numbers; got NoneType"):
        S.Poisson(None)
    with pytest.raises(TypeError, match=r"n must be a positive integer; got float 10.5"):
        S.Binomial(10.5, 0.3)
    with pytest.raises(ValueError, match=r"n must be a positive integer; got 0"):
        S.Binomial(0, 0.3)
    with pytest.raises(ValueError, match=r"x must not contain NaN"):
        S.Normal().cdf([0.0, np.nan])
    with pytest.raises(TypeError, match=r"k must be an array of numbers; got str"):
        S.Poisson(2.0).pmf("3")
    with pytest.raises(ValueError, match=r"q must be a probability in \[0, 1\]"):
        S.Normal().ppf(1.5)
    with pytest.raises(ValueError, match=r"size must be a positive integer; got 0"):
        S.Poisson(2.0).sample(0)
    # a number in gives a float out; ±inf are fine places to evaluate a cdf
    assert type(S.Normal().pdf(0)) is float and type(S.Binomial(10, 0.3).cdf(3)) is float
    np.testing.assert_array_equal(S.Poisson(2.0).pmf([np.inf, -np.inf]), [0.0, 0.0])
    np.testing.assert_array_equal(S.Poisson(2.0).cdf([-np.inf, np.inf]), [0.0, 1.0])
    assert S.Normal(1e300, 1e300).pdf(1e300) == pytest.approx(1 / (1e300 * np.sqrt(2 * np.pi)))
    assert S.Normal().pdf(1e300) == 0.0


def test_other_parameters_refused_with_their_names():
    with pytest.raises(TypeError, match=r"ddof must be a non-negative int; got float 1.5"):
        S.describe([1.0, 2.0, 3.0], ddof=1.5)
    with pytest.raises(TypeError, match=r"popmean must be an array of numbers; got str"):
        S.ttest_1samp([1.0, 2.0, 3.0], popmean="2")
    with pytest.raises(TypeError, match=r"statistic must be a function of a 1-D sample, e.g. np.median; got NoneType"):
        S.bootstrap_interval([1.0, 2.0, 3.0], statistic=None)
    with pytest.raises(ValueError, match=r"statistic\(x\) must be a single number; got array of shape \(3,\)"):
        S.bootstrap_interval([1.0, 2.0, 3.0], statistic=np.sort)
    with pytest.raises(TypeError, match=r"noise must be an array of numbers; got str"):
        S.bias_variance(1, noise="0.3")
    with pytest.raises(ValueError, match=r"noise must be ≥ 0 \(a standard deviation\); got -1.0"):
        S.bias_variance(1, noise=-1.0)
    with pytest.raises(TypeError, match=r"f must be a function of x, e.g. np.sin; got NoneType"):
        S.bias_variance(1, f=None)
    with pytest.raises(TypeError, match=r"degree must be a non-negative int; got float 2.0"):
        S.bias_variance(2.0)
    with pytest.raises(ValueError, match=r"the covariance of x and y is beyond the float64 range"):
        S.covariance([1e300, -1e300], [1e300, -1e300])
    with pytest.raises(ValueError, match=r"the squared error Σ\(y - y_pred\)² overflows float64"):
        S.mse([1e300, -1e300], [0.0, 0.0])
    assert S.rmse([1e300, -1e300], [0.0, 0.0]) == pytest.approx(1e300)   # but its root is a number


def test_mean_intervals_match_t_interval_row_by_row_and_z_is_narrower():
    X = np.random.default_rng(3).normal(5.0, 2.0, (20, 6))
    lo, hi = S.mean_intervals(X, 0.9)
    for row, a, b in zip(X, lo, hi):
        iv = S.t_interval(row, 0.9)
        assert np.isclose(a, iv.low, rtol=1e-12) and np.isclose(b, iv.high, rtol=1e-12)
    zlo, zhi = S.mean_intervals(X, 0.9, method="z")
    assert np.all(zhi - zlo < hi - lo)  # the normal quantile is smaller than t's for n = 6
    lo1e9, hi1e9 = S.mean_intervals(X + 1e9, 0.9)
    np.testing.assert_allclose(hi1e9 - lo1e9, hi - lo, rtol=1e-6)  # the width does not depend on an offset


@pytest.mark.parametrize("bad, err, msg", [
    (np.ones((3, 1)), ValueError, r"samples must have at least 2 values per row; got shape \(3, 1\)"),
    (np.ones(4), ValueError, r"samples must be 2-D"),
])
def test_mean_intervals_bad_input(bad, err, msg):
    with pytest.raises(err, match=msg):
        S.mean_intervals(bad)
    with pytest.raises(ValueError, match="method must be one of 't', 'z'; got 'normal'"):
        S.mean_intervals(np.ones((2, 3)), method="normal")


@pytest.mark.parametrize("e", [-1000, 1000])
def test_spreads_of_data_at_1e300_are_exact_and_a_variance_beyond_float64_is_refused(e):
    x, X = np.array([2.1, 3.4, 1.9, 5.0, 4.2]), np.random.default_rng(4).normal(5.0, 2.0, (6, 4))
    d = S.describe(np.ldexp(x, e))  # 2^±1000 ≈ 1e±301: exact scaling, so each number scales exactly
    assert d.std == pytest.approx(np.ldexp(np.std(x, ddof=1), e), rel=1e-14)
    if e > 0:  # std² = 1e602 is no float64: asking for it is refused (it used to be inf), std stays usable
        with pytest.raises(ValueError, match=r"the variance of x, std² = \(\S+\)², lies beyond float64 \(1.8e308\)"):
            d.var
    else:
        assert d.var == 0.0  # 1e-602 rounds to the nearest float64, 0
    for got, want in zip(S.mean_intervals(np.ldexp(X, e), 0.9), S.mean_intervals(X, 0.9)):
        np.testing.assert_allclose(got, np.ldexp(want, e), rtol=1e-14)  # the squares of 1e300 overflowed here


def test_noise_whose_square_leaves_float64_is_refused():
    with pytest.raises(ValueError, match=r"noise must be at most 1e150, so that σ² and the squared errors fit in "
                                         r"float64; got 1e\+300"):
        S.bias_variance(1, noise=1e300)


def test_bayes_rule_names_its_arguments():
    assert S.bayes_rule(0.9, 0.1, 0.2) == pytest.approx(0.45)
    with pytest.raises(ValueError, match=r"evidence must be at least likelihood · prior = 0.09, since P\(A and B\) "
                                         r"= P\(B\|A\)·P\(A\) cannot exceed P\(B\); got evidence = 1e-300"):
        S.bayes_rule(0.9, 0.1, 1e-300)  # the quotient 9e298 used to be formed first
    with pytest.raises(ValueError, match=r"evidence must be > 0"):
        S.bayes_rule(0.9, 0.1, 0.0)


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba"])
def test_naive_bayes_predicts_only_on_the_features_fit_accepts(method):
    nb = S.NaiveBayes().fit([[0, 1], [1, 0], [1, 1], [0, 0]], [0, 1, 1, 0])
    with pytest.raises(ValueError, match=r"X must hold 0/1 features \(word absent/present\) for Bernoulli Naive "
                                         r"Bayes; got -1.0 at \(0, 1\)"):
        getattr(nb, method)([[0, -1]])  # a −1 gave a probability before
    assert getattr(nb, method)([[0, 1]]).shape[0] == 1


@pytest.mark.parametrize("bad, kind", [("no", "str 'no'"), (2, "int 2"), (None, "NoneType None")])
def test_chi2_correction_must_be_a_bool(bad, kind):
    with pytest.raises(TypeError, match=rf"correction must be True or False; got {kind}"):
        S.chi2_independence([[10, 20], [30, 15]], correction=bad)


def test_interval_contains_takes_one_number():
    iv = S.t_interval([2.1, 3.4, 1.9, 5.0, 4.2])
    assert iv.contains(3.0) and iv.contains([[3.0]]) and not iv.contains(np.inf) and not iv.contains(-1e300)
    for bad, err, msg in [(np.nan, ValueError, r"value must be a number; got nan"),
                          ("3", TypeError, r"value must be an array of numbers; got str '3'"),
                          (None, TypeError, r"value must be an array of real numbers; got NoneType"),
                          ([[3.0], [2.0]], ValueError, r"value must be a single number; got array of shape \(2, 1\)")]:
        with pytest.raises(err, match=msg):
            iv.contains(bad)
