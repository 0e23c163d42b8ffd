r"""Exercises for notebook 06 (statistics). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["sample_std", "base_rate", "precision_recall", "t_statistic", "EXERCISES"]

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
    name="Exercise 4: precision and recall from counts",
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

EXERCISES = [sample_std, base_rate, precision_recall, t_statistic]
