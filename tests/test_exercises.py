"""Every exercise accepts its reference solution and rejects each known mistake with its own message."""
import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from mlviz import attention as att
from mlviz import cluster, compression, linear, nn, optim, stats
from mlviz import similarity as sim
from mlviz.exercise import Exercise, Mistake
from mlviz.exercises import ALL
from mlviz.exercises import attention as ex_att
from mlviz.exercises import cluster as ex_cl
from mlviz.exercises import compression as ex_comp
from mlviz.exercises import linear as ex_lin
from mlviz.exercises import nn as ex_nn
from mlviz.exercises import similarity as ex_sim
from mlviz.exercises import start as ex_start
from mlviz.exercises import stats as ex_stats

CASES = [(ex, m) for ex in ALL.values() for m in ex.mistakes]
TOPICS = (ex_start, ex_sim, ex_lin, ex_nn, ex_att, ex_cl, ex_stats, ex_comp)
HANDLES = {ex.name: f"ex.{attr}" for module in TOPICS for attr in module.__all__
           if (ex := getattr(module, attr)) in module.EXERCISES}  # how a notebook names each exercise


@pytest.fixture(autouse=True)
def _fresh_hints():
    """The exercises are module-level objects that count failed checks: every test starts at the first hint."""
    for ex in ALL.values():
        ex.reset_hints()
    yield
    for ex in ALL.values():
        ex.reset_hints()


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_reference_solution_passes(ex):
    fb = ex.check(ex.solution() if ex.value else ex.solution)
    assert fb.passed, str(fb)
    assert "✅" in str(fb) and "passed" in fb._repr_html_()


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_every_exercise_asks_one_follow_up_after_a_pass_and_only_then(ex):
    assert ex.follow_up.strip() and ex.follow_up_answer.strip(), f"{ex.name}: no follow-up question and answer"
    passed = ex.check(ex.solution() if ex.value else ex.solution)
    assert f"follow-up: {ex.follow_up}" in str(passed) and "<details>" in passed._repr_html_()
    assert "follow-up" not in str(ex.check(None)).lower()


@pytest.mark.parametrize("ex, mistake", CASES, ids=[f"{e.name}: {m.message[:30]}" for e, m in CASES])
def test_known_mistake_fails_with_its_message(ex, mistake):
    answer = mistake.answer() if ex.value else mistake.answer
    first = str(ex.check(answer))
    assert "expected" in first and "got" in first  # says the expected and received values
    assert f"hint 1 of 3 (the idea): {ex.concept}" in first and mistake.message not in first
    fb = ex.check(answer)  # the second failed check adds the hint for this mistake
    assert not fb.passed
    assert "hint 2 of 3: " + mistake.message in str(fb)


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_not_attempted_does_not_raise_and_shows_the_prompt(ex):
    def template(*args):
        raise NotImplementedError

    fb = ex.check(... if ex.value else template)
    assert fb.status == "not attempted" and not fb
    lines = str(fb).splitlines()
    assert lines[0] == f"✏️ {ex.name}: not attempted"
    assert "\n".join(line.strip() for line in lines[1:]).startswith(ex.prompt)  # the task, right under the title
    assert ex.prompt.split()[1] in fb._repr_html_()  # e.g. my_dot(a, b)
    assert ex.check(... if ex.value else template).status == "not attempted"  # and no hint tier is used up
    if ex.value:  # None is no value given yet
        assert ex.check(None).status == "not attempted"
    else:  # a function that returns None has been written: it fails, with the first hint
        assert "forget `return`" in str(fb := ex.check(_returns_nothing)) and "hint 1 of 3" in str(fb)


def _returns_nothing(*args):
    return None


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_hints_come_in_tiers_idea_first_code_last(ex):
    wrong = 1e9 if ex.value else (lambda *args: 1e9)
    tiers = [str(ex.check(wrong)) for _ in range(4)]
    stuck = f"hint 3 of 3: Stuck? {HANDLES[ex.name]}.show_solution() prints the reference solution"
    assert f"hint 1 of 3 (the idea): {ex.concept}" in tiers[0]
    assert "hint 2 of 3" not in tiers[0] and "(check again for the next hint)" in tiers[0]
    assert f"hint 2 of 3: {ex.hint}" in tiers[1] and "hint 3 of 3" not in tiers[1]  # 1e9 is no known mistake
    assert stuck in tiers[2] and "check again" not in tiers[2]
    assert tiers[3] == tiers[2]  # nothing past the last tier
    assert tiers[0].index("hint 1") < tiers[2].index("hint 2") < tiers[2].index("hint 3")
    assert eval(HANDLES[ex.name], {"ex": __import__(ex.solution.__module__, fromlist=["_"])}) is ex
    assert ex.check(ex.solution() if ex.value else ex.solution).passed  # a pass starts the tiers again
    assert "hint 2" not in str(ex.check(wrong))


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_every_concept_is_an_idea_in_words_not_code(ex):
    assert len(ex.concept.split()) >= 12, ex.concept
    assert not re.search(r"np\.|@|=|\[|`|\bdef\b|\*\*", ex.concept), ex.concept


def test_an_exercise_without_a_concept_has_two_tiers():
    ex = Exercise("sq", "square", solution=lambda x: x * x, cases=[(2.0,)], hint="multiply x by itself")
    assert "hint 1 of 2: multiply x by itself" in str(ex.check(lambda x: x))
    assert "hint 2 of 2: Stuck? Exercise('sq').show_solution()" in str(ex.check(lambda x: x))


# ------------------------------------------------------------------ each reference solution against mlviz
def _dot_by_mlviz(a, b):
    return sim.dot(a, b)


def _step_by_mlviz(w, grad, lr):
    # One full-batch epoch of mlviz's gradient descent from w is one step; pick data whose gradient at w is grad.
    X = np.eye(len(w))
    y = w - grad * len(w) / 2.0  # the MSE gradient (2/n) Xᵀ(Xw − y) at w is then grad
    np.testing.assert_allclose(linear.gradient(X, y, w)[0], grad)
    return optim.gradient_descent(X, y, lr=lr, n_epochs=1, fit_intercept=False, w0=w).w


def _l2_by_mlviz(W, lam):
    X, y = np.ones((3, len(W) - 1)), np.zeros(3)
    return linear.objective(X, y, W[1:], W[0], l2=lam) - linear.objective(X, y, W[1:], W[0])


def _params_by_mlviz(n_in, n_out):
    count = nn.count_parameters("dense", n_in=n_in, n_out=n_out)
    return count.weights + count.biases


def _dense_dW_by_mlviz(X, delta):
    layer = nn.Dense(X.shape[1], delta.shape[1], activation="linear", rng=0)
    layer.forward(X)
    layer.backward(delta)
    return layer.dW


def _he_std_by_mlviz(n_in):
    return nn.he_normal(n_in, 50_000 // n_in + 200, rng=0).std()  # sampled: agrees to about 1%


def _quantize_by_mlviz(w, scale):
    # mlviz picks the scale max|w| / 127 itself: one extra weight of 127·scale makes it this one. Clipping w to
    # ±127·scale first is the same as clipping the levels to ±127.
    top = 127 * scale
    return compression.quantize(np.r_[np.clip(w, -top, top), top], bits=8).q[:-1]


def _pp_by_mlviz(X, C):
    d2 = sim.pairwise(X, C, "sqeuclidean").min(axis=1)  # (n,) squared distance to the nearest chosen centroid
    return d2 / d2.sum()


def _precision_recall_by_mlviz(tp, fp, fn):
    y_true = np.r_[np.ones(tp), np.zeros(fp), np.ones(fn), 0]  # one true negative: no metric depends on it
    y_pred = np.r_[np.ones(tp), np.ones(fp), np.zeros(fn), 0]
    return [stats.precision(y_true, y_pred), stats.recall(y_true, y_pred)]


CORE = {ex.name: (core, rtol) for ex, core, rtol in [  # the mlviz computation each exercise teaches, with the
    # solution's signature, and the relative tolerance of the comparison
    (ex_start.mean, lambda x: stats.describe(x).mean, 1e-12),
    (ex_sim.dot_product, _dot_by_mlviz, 1e-12),
    (ex_sim.projection, lambda a, b: sim.project(a, onto=b).vector, 1e-12),
    (ex_sim.cosine, lambda a, b: sim.cosine_similarity(a, b), 1e-12),
    (ex_sim.angle_degrees, lambda: sim.angle([1, 1], [1, 0], degrees=True), 1e-12),
    (ex_lin.update_step, _step_by_mlviz, 1e-12),
    (ex_lin.mse_gradient, lambda X, y, w: linear.gradient(X, y, w, 0.0, loss="mse")[0], 1e-12),
    (ex_lin.logistic_gradient, lambda X, y, w: linear.gradient(X, y, w, 0.0, loss="log")[0], 1e-12),
    (ex_lin.l2_penalty, _l2_by_mlviz, 1e-12),
    (ex_nn.dense_parameters, _params_by_mlviz, 0),
    (ex_nn.dense_backward, _dense_dW_by_mlviz, 1e-12),
    (ex_nn.he_std, _he_std_by_mlviz, 0.02),
    (ex_comp.quantize_int8, _quantize_by_mlviz, 0),
    (ex_att.stable_softmax, lambda x: att.softmax(x), 1e-12),
    (ex_att.scaled_scores, lambda Q, K: np.array([[sim.scaled_dot(q, k) for k in K] for q in Q]), 1e-12),
    (ex_att.single_head, lambda Q, K, V: att.scaled_dot_product_attention(Q, K, V)[0], 1e-12),
    (ex_att.causal, lambda n: att.causal_mask(n), 0),
    (ex_cl.assignment_step, lambda X, C: cluster.assign(X, C), 0),
    (ex_cl.update_step, lambda X, labels, k: cluster.update_centroids(X, labels, k), 1e-12),
    (ex_cl.wcss_value, lambda X, labels, C: cluster.wcss(X, labels, C), 1e-12),
    (ex_cl.kmeanspp_probabilities, _pp_by_mlviz, 1e-12),
    (ex_stats.sample_std, lambda x: stats.describe(x).std, 1e-12),
    (ex_stats.base_rate, lambda *p: stats.posterior_given_positive(*p), 1e-12),
    (ex_stats.precision_recall, _precision_recall_by_mlviz, 1e-12),
    (ex_stats.t_statistic, lambda x, mu0: stats.ttest_1samp(x, mu0).statistic, 1e-12),
]}


def _core_of_each_topic() -> dict:
    """More comparisons, one file per topic (tests/core_<topic>.py, each a list ``CORE`` of (exercise, the mlviz
    computation, rtol)), so that exercises for different notebooks can be added side by side."""
    found = {}
    for path in sorted(Path(__file__).parent.glob("core_*.py")):
        spec = importlib.util.spec_from_file_location(f"_exercise_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.update({ex.name: (core, rtol) for ex, core, rtol in module.CORE})
    return found


CORE.update(_core_of_each_topic())


def test_every_exercise_is_checked_against_mlviz():
    assert set(CORE) == set(ALL)


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_reference_solution_agrees_with_the_mlviz_function_it_teaches(ex):
    core, rtol = CORE[ex.name]
    for case in ex.cases:
        ours = ex.solution(*case)
        np.testing.assert_allclose(np.asarray(ours, float), np.asarray(core(*case), float), rtol=rtol, atol=1e-12,
                                   err_msg=f"{ex.name}, case {case}")
        if ex.boolean:
            np.testing.assert_array_equal(ours, core(*case))  # dtype too


# ------------------------------------------------------------------ shown code runs on its own
@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_show_solution_runs_on_its_own(ex):
    code = repr(ex.show_solution())
    namespace = {}
    exec(compile(code, "<show_solution>", "exec"), namespace)  # a fresh namespace: only what the code imports
    shown = namespace[ex.solution.__name__]
    assert shown is not ex.solution
    for case in ex.cases:
        np.testing.assert_array_equal(shown(*case), ex.solution(*case))


@pytest.mark.parametrize("ex, mistake", CASES, ids=[f"{e.name}: {m.message[:30]}" for e, m in CASES])
def test_every_mistake_is_a_named_function_whose_source_runs(ex, mistake):
    assert mistake.answer.__name__ != "<lambda>"
    code = repr(mistake.show())
    assert f"def {mistake.answer.__name__}(" in code
    namespace = {}
    exec(compile(code, "<show>", "exec"), namespace)
    with np.errstate(all="ignore"):  # some mistakes overflow on purpose
        for case in ex.cases:
            np.testing.assert_array_equal(namespace[mistake.answer.__name__](*case), mistake.answer(*case))


def test_a_mistake_must_not_be_a_lambda():
    with pytest.raises(TypeError, match=r"Mistake answer must be a named function \(def\), so its source can be shown"):
        Mistake(lambda x: x, "anonymous")


def test_shown_source_includes_helpers_and_imports():
    code = repr(ex_att.single_head.show_solution())
    assert code.startswith("import numpy as np\n") and "def _rows_softmax(" in code
    assert code.index("def _rows_softmax(") < code.index("def _solution_attention(")
    assert "<pre>" in ex_att.single_head.show_solution()._repr_html_()


# ------------------------------------------------------------------ the check never raises
class _ArrayRaises:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("no array for you")


class _BrokenRepr:
    def __repr__(self):
        raise RuntimeError("no repr either")

    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("nor an array")


class _BrokenError(Exception):
    def __str__(self):
        raise RuntimeError("an error that cannot be printed")


def _raise_broken(*args):
    raise _BrokenError


BAD_ANSWERS = [  # (what the answer returns, what the feedback must say)
    ("45.0", r"expected a number or array; got str '45.0': a number has no quotes"),
    (b"45", r"got bytes b'45': a number has no quotes"),
    (10**400, r"your answer is too large for a float \(beyond 1.8e308\): int 1000000"),
    (10**5000, r"your answer is too large for a float"),  # no repr at all beyond 4300 digits
    (_ArrayRaises(), r"got _ArrayRaises .*which NumPy cannot read as numbers \(RuntimeError: no array for you\)"),
    (_BrokenRepr(), r"got _BrokenRepr <_BrokenRepr that cannot be printed>"),
    (1 + 2j, r"expected real numbers; got complex numbers"),
    (("1.5", 2.0), r"expected real numbers; got text"),
    ((1.0, None), r"which holds NoneType None"),
    ((x for x in range(3)), r"which holds generator"),
    ({"a": 1}, r"which holds dict"),
    (np.array(["2020-01-01"], dtype="datetime64[D]"), r"expected real numbers; got dtype datetime64\[D\]"),
]


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
@pytest.mark.parametrize("bad, says", BAD_ANSWERS, ids=[f"bad{i}" for i in range(len(BAD_ANSWERS))])
def test_a_bad_answer_gets_feedback_not_an_exception(ex, bad, says):
    fb = ex.check(bad if ex.value else (lambda *args: bad))
    assert fb.status == "failed" and not fb
    assert re.search(says, str(fb)), str(fb)
    assert fb._repr_html_()


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_an_answer_that_overflows_gets_feedback(ex):
    # An int raised to a power: Python makes it exactly, with hundreds of digits, and float() then overflows.
    def overflowing(*args):
        return 784 ** 128

    fb = ex.check(784 ** 128 if ex.value else overflowing)
    assert fb.status == "failed" and "too large for a float" in str(fb)


def test_the_string_45_is_not_the_number_45():
    ex = Exercise("angle", "the angle", solution=lambda: 45.0, value=True)
    assert ex.check(45.0).passed and ex.check(45).passed and ex.check(np.float32(45)).passed
    fb = ex.check("45.0")
    assert not fb.passed and "a number has no quotes" in str(fb)
    assert ex.check(["45.0"]).status == "failed" and ex.check(np.array("45")).status == "failed"


def test_an_answer_raising_an_unprintable_error_is_reported():
    fb = ex_sim.dot_product.check(_raise_broken)
    assert "raised _BrokenError: <_BrokenError that cannot be printed>" in str(fb)


def test_an_answer_object_for_a_function_exercise_is_explained():
    for answer in (42, "my_dot", _BrokenRepr()):
        fb = ex_sim.dot_product.check(answer)
        assert fb.status == "failed" and "expected a function; got" in str(fb)


def test_feedback_names_input_expected_and_received():
    ex = Exercise("sq", "square", solution=lambda x: x * x, cases=[(2.0,), (-3.0,)], hint="multiply x by itself")
    fb = ex.check(lambda x: 2 * x)
    assert str(fb).splitlines()[1].strip() == "input x=-3: expected 9, got -6"
    assert "hint 1 of 2: multiply x by itself" in str(fb)


def test_answer_that_crashes_is_reported_not_raised():
    ex = Exercise("sq", "square", solution=lambda x: x * x, cases=[(2.0,)])
    fb = ex.check(lambda x: x.undefined)
    assert "raised AttributeError" in str(fb)


def test_missing_return_and_wrong_type_are_explained():
    ex = Exercise("v", "vector", solution=lambda x: np.array([x, x]), cases=[(1.0,)])
    assert "forget `return`" in str(ex.check(lambda x: None))
    assert "expected shape (2,); got shape (3,)" in str(ex.check(lambda x: np.ones(3)))
    assert "expected a function" in str(ex.check(42))
    assert "expected a number or array; got str 'two': a number has no quotes" in str(ex.check(lambda x: "two"))


def test_answer_cannot_corrupt_later_cases():
    a = np.array([1.0, 2.0])
    ex = Exercise("s", "sum", solution=lambda v: v.sum(), cases=[(a,), (a,)])

    def sneaky(v):
        s = v.sum()
        v[:] = 0  # modifies its input
        return s

    assert ex.check(sneaky).passed and a.tolist() == [1.0, 2.0]


def _plus_one(x):
    return x + 1


def test_mistake_must_match_on_every_case_to_be_named():
    ex = Exercise("d", "double", solution=lambda x: 2 * x, cases=[(1,), (3,)],
                  mistakes=[Mistake(_plus_one, "you added one")], hint="general")
    assert "hint 1 of 2: you added one" in str(ex.check(lambda x: x + 1))
    ex.reset_hints()
    assert "hint 1 of 2: general" in str(ex.check(lambda x: x + 1 if x == 1 else 0))


def test_show_solution_is_source():
    src = ex_sim.dot_product.show_solution()
    assert "def _solution_dot" in repr(src) and "<pre>" in src._repr_html_()


def test_a_mask_exercise_wants_booleans_not_zeros_and_ones():
    from mlviz import attention
    from mlviz.exercises.attention import causal

    assert causal.check(lambda n: np.tril(np.ones((n, n), dtype=bool))).passed
    assert causal.check(lambda n: np.tril(np.ones((n, n))) == 1).passed
    fb = causal.check(lambda n: np.tril(np.ones((n, n))))  # the right pattern in float 0/1
    assert not fb.passed
    assert "expected a boolean array (True/False); got dtype float64" in str(fb)
    assert "use dtype=bool" in str(fb)
    with pytest.raises(TypeError, match="mask must be a boolean array"):  # why: mlviz itself refuses it
        attention.scaled_dot_product_attention(np.eye(2), np.eye(2), np.eye(2), mask=np.tril(np.ones((2, 2))))
    wrong_pattern = causal.check(lambda n: np.triu(np.ones((n, n))).astype(int))
    assert "got dtype int" in str(wrong_pattern)
    # a value exercise without the flag still accepts numbers of any dtype
    assert Exercise("ones", "ones", solution=lambda: np.ones(2, bool), value=True).check(np.ones(2)).passed


def test_a_mask_exercise_explains_a_ragged_answer_instead_of_crashing():
    from mlviz.exercises.attention import causal

    fb = causal.check(lambda n: [[True, False], [True]])
    assert not fb.passed and "expected a number or array; got list" in str(fb)


def test_no_two_exercises_share_a_name():
    # ALL is keyed by name: two exercises named alike (say, after renumbering) would hide one from every test here.
    assert len(ALL) == sum(len(module.EXERCISES) for module in TOPICS)
