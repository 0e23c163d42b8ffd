"""Every exercise accepts its reference solution and rejects each known mistake with its own message."""
import numpy as np
import pytest

from mlviz import similarity as sim
from mlviz.exercise import Exercise, Mistake
from mlviz.exercises import ALL

CASES = [(ex, m) for ex in ALL.values() for m in ex.mistakes]


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_reference_solution_passes(ex):
    fb = ex.check(ex.solution() if ex.value else ex.solution)
    assert fb.passed, str(fb)
    assert "✅" in str(fb) and "passed" in fb._repr_html_()


@pytest.mark.parametrize("ex, mistake", CASES, ids=[f"{e.name}: {m.message[:30]}" for e, m in CASES])
def test_known_mistake_fails_with_its_message(ex, mistake):
    fb = ex.check(mistake.answer() if ex.value else mistake.answer)
    assert not fb.passed
    text = str(fb)
    assert "expected" in text and "got" in text  # says the expected and received values
    assert "hint: " + mistake.message in text


@pytest.mark.parametrize("ex", ALL.values(), ids=list(ALL))
def test_not_attempted_does_not_raise(ex):
    def template(*args):
        raise NotImplementedError

    fb = ex.check(... if ex.value else template)
    assert fb.status == "not attempted" and not fb


def test_reference_solutions_agree_with_mlviz():
    from mlviz.exercises import similarity as ex

    a, b = np.array([1.0, -2.0, 0.5]), np.array([3.0, 1.0, 4.0])
    assert ex._solution_dot(a, b) == pytest.approx(sim.dot(a, b))
    assert ex._solution_cosine(a, b) == pytest.approx(sim.cosine_similarity(a, b))
    np.testing.assert_allclose(ex._solution_projection(a, b), sim.project(a, onto=b).vector)
    assert ex._solution_angle_degrees() == pytest.approx(sim.angle([1, 1], [1, 0], degrees=True))


def test_feedback_names_input_expected_and_received():
    ex = Exercise("sq", "square", solution=lambda x: x * x, cases=[(2.0,), (-3.0,)], hint="multiply x by itself")
    fb = ex.check(lambda x: 2 * x)
    assert str(fb).splitlines()[1].strip() == "input x=-3: expected 9, got -6"
    assert "hint: multiply x by itself" in str(fb)


def test_answer_that_crashes_is_reported_not_raised():
    ex = Exercise("sq", "square", solution=lambda x: x * x, cases=[(2.0,)])
    fb = ex.check(lambda x: x.undefined)
    assert "raised AttributeError" in str(fb)


def test_missing_return_and_wrong_type_are_explained():
    ex = Exercise("v", "vector", solution=lambda x: np.array([x, x]), cases=[(1.0,)])
    assert "forget `return`" in str(ex.check(lambda x: None))
    assert "expected shape (2,); got shape (3,)" in str(ex.check(lambda x: np.ones(3)))
    assert "expected a function" in str(ex.check(42))
    assert "expected a number or array; got str" in str(ex.check(lambda x: "two"))


def test_answer_cannot_corrupt_later_cases():
    a = np.array([1.0, 2.0])
    ex = Exercise("s", "sum", solution=lambda v: v.sum(), cases=[(a,), (a,)])

    def sneaky(v):
        s = v.sum()
        v[:] = 0  # modifies its input
        return s

    assert ex.check(sneaky).passed and a.tolist() == [1.0, 2.0]


def test_mistake_must_match_on_every_case_to_be_named():
    ex = Exercise("d", "double", solution=lambda x: 2 * x, cases=[(1,), (3,)],
                  mistakes=[Mistake(lambda x: x + 1, "you added one")], hint="general")
    assert "hint: you added one" in str(ex.check(lambda x: x + 1))
    assert "hint: general" in str(ex.check(lambda x: x + 1 if x == 1 else 0))


def test_show_solution_is_source():
    src = ALL["Exercise 1: the dot product"].show_solution()
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
