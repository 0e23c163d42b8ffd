r"""Exercises for notebook 06 (statistics). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["sample_std", "base_rate", "precision_recall", "t_statistic", "bootstrap_ci", "undefined_precision",
           "EXERCISES"]

_SAMPLES = [np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]), np.array([1.0, 3.0]),
            np.array([10.0, -2.0, 3.5, 0.0, 7.25]), np.array([100.0, 101.0, 99.0, 100.0])]


def _solution_std(x):
    return np.sqrt(np.sum((x - np.mean(x)) ** 2) / (len(x) - 1))


def _solution_base_rate(prevalence, sensitivity, specificity):
    true_pos = sensitivity * prevalence
    false_pos = (1 - specificity) * (1 - prevalence)
    return true_pos / (true_pos + false_pos)


def _solution_precision_recall(tp, fp, fn):
    return np.array([tp / (tp + fp), tp / (tp + fn)])


def _solution_t(x, mu0):
    return (np.mean(x) - mu0) / (np.std(x, ddof=1) / np.sqrt(len(x)))


def _solution_bootstrap(x, n_boot, rng):
    rng = np.random.default_rng(rng)
    idx = rng.integers(0, len(x), size=(n_boot, len(x)))  # (n_boot, n) each row one resample's positions
    means = x[idx].mean(axis=1)  # (n_boot,) one mean per resample
    return np.percentile(means, [2.5, 97.5])


def _solution_undefined_precision():
    return 3  # undefined, 0/0: mlviz refuses to make up a number


_BOOT_CASES = [(np.random.default_rng(20).exponential(3.0, 30), 2000, 0),  # skewed waiting times
               (np.array([1.0, 2.0, 3.0, 4.0, 100.0]), 500, 1),  # a small sample with an outlier
               (np.random.default_rng(21).normal(10.0, 2.0, 50), 1000, 2)]


# Known mistakes: each a wrong answer learners really write, shown by ``Mistake.show()``.
def _population_std(x):
    return np.sqrt(np.sum((x - np.mean(x)) ** 2) / len(x))


def _variance_not_std(x):
    return np.sum((x - np.mean(x)) ** 2) / (len(x) - 1)


def _mean_not_subtracted(x):
    return np.sqrt(np.sum(x ** 2) / (len(x) - 1))


def _mean_absolute_deviation(x):
    return np.sum(np.abs(x - np.mean(x))) / (len(x) - 1)


def _sensitivity_only(prevalence, sensitivity, specificity):
    return sensitivity


def _joint_probability(prevalence, sensitivity, specificity):
    return sensitivity * prevalence


def _specificity_as_false_positives(prevalence, sensitivity, specificity):
    return sensitivity * prevalence / (sensitivity * prevalence + specificity * (1 - prevalence))


def _false_positives_unweighted(prevalence, sensitivity, specificity):
    return sensitivity * prevalence / (sensitivity * prevalence + (1 - specificity))


def _precision_recall_swapped(tp, fp, fn):
    return np.array([tp / (tp + fn), tp / (tp + fp)])


def _recall_over_all(tp, fp, fn):
    return np.array([tp / (tp + fp), tp / (tp + fp + fn)])


def _precision_over_all(tp, fp, fn):
    return np.array([tp / (tp + fp + fn), tp / (tp + fn)])


def _std_not_standard_error(x, mu0):
    return (np.mean(x) - mu0) / np.std(x, ddof=1)


def _population_std_error(x, mu0):
    return (np.mean(x) - mu0) / (np.std(x) / np.sqrt(len(x)))


def _divided_by_n(x, mu0):
    return (np.mean(x) - mu0) / (np.std(x, ddof=1) / len(x))



def _without_replacement(x, n_boot, rng):
    rng = np.random.default_rng(rng)
    means = np.array([rng.choice(x, size=len(x), replace=False).mean() for _ in range(n_boot)])
    return np.percentile(means, [2.5, 97.5])


def _n_boot_values_per_resample(x, n_boot, rng):
    rng = np.random.default_rng(rng)
    idx = rng.integers(0, len(x), size=(n_boot, n_boot))
    means = x[idx].mean(axis=1)
    return np.percentile(means, [2.5, 97.5])


def _mean_plus_minus_std(x, n_boot, rng):
    rng = np.random.default_rng(rng)
    idx = rng.integers(0, len(x), size=(n_boot, len(x)))
    means = x[idx].mean(axis=1)
    return np.array([means.mean() - 1.96 * means.std(), means.mean() + 1.96 * means.std()])


def _ninety_percent(x, n_boot, rng):
    rng = np.random.default_rng(rng)
    idx = rng.integers(0, len(x), size=(n_boot, len(x)))
    means = x[idx].mean(axis=1)
    return np.percentile(means, [5, 95])


def _precision_zero():
    return 1


def _precision_one():
    return 2


def _precision_nan():
    return 4


def _precision_base_rate():
    return 5


sample_std = Exercise(
    name="Exercise 1: the sample standard deviation",
    prompt="Write my_std(x): the sample standard deviation, dividing by n − 1, without np.std.",
    solution=_solution_std,
    cases=[(x,) for x in _SAMPLES],
    mistakes=[
        Mistake(_population_std,
                "you divided by n (the population formula, ddof=0); the sample version divides by n − 1"),
        Mistake(_variance_not_std,
                "that is the variance; the standard deviation is its square root"),
        Mistake(_mean_not_subtracted,
                "you forgot to subtract the mean before squaring"),
        Mistake(_mean_absolute_deviation,
                "you averaged absolute deviations; square them, average (over n − 1), then take the root"),
    ],
    hint="deviations from the mean, squared, summed, divided by n − 1, square root",
    concept="The standard deviation is the typical distance from the mean: the square root of the mean squared "
            "deviation, where a sample divides by n − 1 so that the variance is unbiased.",
    follow_up="For a sample of two values a and b, what is s? And what happens with a single value?",
    follow_up_answer="s = |a − b| / √2: the mean is (a + b)/2, each deviation is ±(a − b)/2, the squares add "
                     "up to (a − b)²/2, divided by n − 1 = 1. With one value the formula divides 0 by 0: one "
                     "number says nothing about spread, and np.std(x, ddof=1) returns nan.",
)

base_rate = Exercise(
    name="Exercise 2: a positive test and the base rate",
    prompt="Write my_posterior(prevalence, sensitivity, specificity) = P(condition | positive test).",
    solution=_solution_base_rate,
    cases=[(0.01, 0.99, 0.95), (0.001, 0.9, 0.99), (0.3, 0.8, 0.7), (0.5, 0.95, 0.95)],
    mistakes=[
        Mistake(_sensitivity_only,
                "you returned the sensitivity P(positive | condition); the question is the reverse, "
                "P(condition | positive), which depends on how rare the condition is (the base-rate fallacy)"),
        Mistake(_joint_probability,
                "you computed P(condition and positive); divide it by P(positive)"),
        Mistake(_specificity_as_false_positives,
                "false positives come from 1 − specificity of the healthy, not from the specificity itself"),
        Mistake(_false_positives_unweighted,
                "the false positives are (1 − specificity) × the share of people *without* the condition, (1 − prevalence)"),
    ],
    hint="P(positive) = sensitivity·prevalence + (1 − specificity)·(1 − prevalence)",
    concept="Bayes' rule: among all positive tests, what share comes from people who have the condition? The true"
            " positives divided by all positives, true and false.",
    follow_up="With sensitivity 99% and specificity 95%, how common must the condition be before one positive "
              "test means better than even odds (P(ill | positive) > 0.5)?",
    follow_up_answer="Above 4.8%: the true positives 0.99·p must outnumber the false positives 0.05·(1 − p), "
                     "so p > 0.05 / 1.04 = 0.048. At the 1% of the notebook a second positive test does it "
                     "instead: 0.167 becomes the new prior and the posterior rises to 0.798.",
)

precision_recall = Exercise(
    name="Exercise 5: precision and recall from counts",
    prompt="Write my_precision_recall(tp, fp, fn) returning [precision, recall].",
    solution=_solution_precision_recall,
    cases=[(3, 1, 1), (82, 309, 28), (10, 0, 5), (1, 9, 0)],
    mistakes=[
        Mistake(_precision_recall_swapped,
                "you swapped them: precision is TP / (TP + FP) (of those flagged, how many are right), "
                "recall is TP / (TP + FN) (of the real positives, how many were found)"),
        Mistake(_recall_over_all,
                "recall divides by the real positives only, TP + FN"),
        Mistake(_precision_over_all,
                "precision divides by the predicted positives only, TP + FP"),
    ],
    hint="both share the numerator TP; precision divides by the predicted positives, recall by the real ones",
    concept="Precision asks what share of the predicted positives are real; recall asks what share of the real "
            "positives were found.",
    follow_up="A classifier flags every case as positive. What are its recall and its precision?",
    follow_up_answer="Recall is 1 (FN = 0, nothing is missed) and precision is the share of positives in the "
                     "data, (TP + FN) / all: 0.0224 on the fraud data of §8. Recall alone can be gamed as "
                     "easily as accuracy, which is why the two are read together (or as F1).",
)

t_statistic = Exercise(
    name="Exercise 3: the one-sample t statistic",
    prompt="Write my_t(x, mu0) = (mean − mu0) / (s / √n) with the sample standard deviation s.",
    solution=_solution_t,
    cases=[(x, m) for x, m in zip(_SAMPLES, (4.0, 0.0, 1.0, 99.0))],
    mistakes=[
        Mistake(_std_not_standard_error,
                "you divided by s; the standard error of the mean is s / √n"),
        Mistake(_population_std_error,
                "np.std divides by n by default; use the sample standard deviation (ddof=1)"),
        Mistake(_divided_by_n,
                "divide s by the square root of n, not by n"),
    ],
    hint="standard error = s / sqrt(n), with s from np.std(x, ddof=1)",
    concept="The t statistic measures how far the sample mean lies from mu0 in standard errors, where the "
            "standard error is the sample standard deviation divided by √n.",
    follow_up="Take the twelve deliveries and repeat each one four times: same mean, almost the same s, n = "
              "48. What happens to t, and what does that say about p-values?",
    follow_up_answer="t roughly doubles, from 3.99 to 8.25: the standard error s/√n halves when n is four "
                     "times larger. The same difference of 3.5 minutes becomes far more significant, so a "
                     "p-value measures the evidence against H₀, not the size of the effect.",
)

bootstrap_ci = Exercise(
    name="Exercise 4 (capstone): a four-line bootstrap",
    prompt="Write my_bootstrap_ci(x, n_boot, rng): draw n_boot resamples of x with replacement (one call, "
           "rng.integers(0, len(x), size=(n_boot, len(x)))), take each one's mean, and return the 2.5th and 97.5th "
           "percentiles of those means.",
    solution=_solution_bootstrap,
    cases=_BOOT_CASES,
    mistakes=[
        Mistake(_without_replacement,
                "you drew without replacement: each resample is then x reordered, every mean is the same, and the "
                "interval has no width; a bootstrap draws with replacement, so a value can come twice or not at all"),
        Mistake(_n_boot_values_per_resample,
                "each resample must have as many values as x (len(x)); n_boot is how many resamples. Larger "
                "resamples have means that vary less, so the interval came out too narrow"),
        Mistake(_mean_plus_minus_std,
                "you took the mean ± 1.96 standard deviations of the resampled means (the normal recipe); the "
                "percentile bootstrap takes the 2.5th and 97.5th percentiles, which follow a skewed spread"),
        Mistake(_ninety_percent,
                "the 5th and 95th percentiles leave 10% outside: a 90% interval. For 95%, cut 2.5% at each end"),
    ],
    hint="idx = rng.integers(0, len(x), size=(n_boot, len(x))); means = x[idx].mean(axis=1); "
         "np.percentile(means, [2.5, 97.5])",
    concept="The bootstrap pretends the sample is the population: it draws many new samples of the same size "
            "from it, with replacement, computes the statistic on each, and keeps the middle 95% of the results "
            "as the interval.",
    follow_up="Run my_bootstrap_ci(np.array([1.0, 2, 3, 4, 100]), 2000, 0). Why is the interval so lopsided "
              "around the mean 22, and is the t interval x̄ ± q·s/√n?",
    follow_up_answer="The resampled means pile up by how many copies of 100 a resample holds (none, one, two, "
                     "...), so their spread is skewed: the interval runs from 1.8 to 61.2, far more to the right "
                     "of 22 than to the left. The t interval is symmetric by construction, 22 ± 54.2, and reaches "
                     "down to −32.2, where no mean of these values can lie. With five values neither can be "
                     "trusted: a bootstrap only knows the sample it is given.",
)

undefined_precision = Exercise(
    name="Exercise 6: precision when nothing is flagged",
    prompt="Give the number of the option that says what the precision of the rule 'never fraud' is, and what "
           "mlviz does with it.",
    solution=_solution_undefined_precision,
    value=True,
    mistakes=[
        Mistake(_precision_zero,
                "0 would say that every alarm was false, but there was no alarm at all: TP + FP = 0, and 0 / 0 is "
                "no number"),
        Mistake(_precision_one,
                "1 would say that every alarm was right; with no alarm there is nothing to be right about: 0 / 0"),
        Mistake(_precision_nan,
                "NumPy would give nan for 0.0 / 0.0 (with a warning), but mlviz does not pass a nan on: "
                "stats.precision raises a ValueError that says the precision is undefined, and "
                "stats.binary_metrics reports None"),
        Mistake(_precision_base_rate,
                "the fraud rate is the precision of the opposite rule, 'always fraud', which flags everything; "
                "'never fraud' flags nothing"),
    ],
    hint="precision divides by the number of flagged cases; count them for a rule that flags nothing, then try "
         "stats.precision(fraud, never) in a cell",
    concept="Precision is a share of the flagged cases. A rule that flags nothing has no flagged cases, so the "
            "share is a division of zero by zero, and a library must say so rather than invent a number.",
    follow_up="scikit-learn's precision_score has an argument zero_division that returns 0 (with a warning), "
              "1 or nan in this case. Why might a report that averages precision over many classes prefer a "
              "number to an error?",
    follow_up_answer="An average over classes needs a number for every class: one class the model never "
                     "predicts would otherwise stop the whole report. Choosing 0 punishes the model for never "
                     "predicting that class, 1 forgives it; either way the choice changes the average, which "
                     "is why it has to be made on purpose and written down, not left to a silent nan.",
)

EXERCISES = [sample_std, base_rate, t_statistic, bootstrap_ci, precision_recall, undefined_precision]
