"""Predict, then reveal (mlviz.widgets.Prediction), driven from code as the explorers are."""
import numpy as np
import pytest

from mlviz.widgets import Prediction


def centroid_question(**kw):
    calls = []

    def answer():
        calls.append(1)
        return float(np.mean([0, 1, 2, 10]))

    p = Prediction("The centroid of [0, 1, 2, 10]?", answer, "the mean: the outlier 10 pulls it to 3.25", **kw)
    return p, calls


def test_an_unanswered_prediction_reveals_nothing_and_raises_nothing():
    p, calls = centroid_question()
    bundle = p._repr_mimebundle_()
    assert "3.25" not in bundle["text/plain"] and "mean" not in bundle["text/plain"]
    assert not p.revealed and p.answer is None and p.output.value == "" and not calls  # not even computed
    p.button.click()  # Lock in with an empty box: a nudge, no answer
    assert not p.revealed and not calls and "type a number first" in p.output.value
    assert "3.25" not in p.output.value and not p.input.disabled


def test_a_locked_guess_is_shown_next_to_the_answer_with_the_reason():
    p, calls = centroid_question()
    p.input.value = "5"  # as typed in the browser
    p.button.click()
    assert p.revealed and calls == [1] and p.guess == 5.0 and p.answer == 3.25
    assert p.result_text == ("your guess 5 · the answer 3.25 · ✘ off by 54%: "
                             "the mean: the outlier 10 pulls it to 3.25")
    assert "your guess 5" in p.output.value and "the answer 3.25" in p.output.value
    assert p.input.disabled and p.button.disabled and p.button.description == "Locked"
    p.input.value = "3.25"  # a locked guess cannot be changed afterwards
    p.button.click()
    assert p.guess == 5.0 and calls == [1]


@pytest.mark.parametrize("guess, verdict, close", [(3.25, "✔ right", True), (3.4, "✔ close", True),
                                                    (1.5, "✘ off by 54%", False)])
def test_the_verdict_uses_the_relative_tolerance(guess, verdict, close):
    p, _ = centroid_question(rtol=0.1)
    p.lock(guess)
    assert verdict in p.result_text and p.close is close


def test_typed_text_that_is_not_a_number_gets_a_nudge_not_an_answer():
    p, calls = centroid_question()
    for typed in ["three", "1e999", "nan"]:
        p.input.value = typed
        p.button.click()
        assert not p.revealed and not calls and "Lock in" in p.output.value
    p.input.value = "1,000"  # a thousands separator is read as a number
    p.button.click()
    assert p.guess == 1000.0


def test_a_choice_question():
    p = Prediction("Scale a by 10: what happens to cos θ?", "unchanged",
                   "cosine divides by both lengths, so the 10 cancels", options=["×10", "×100", "unchanged"])
    p.button.click()
    assert not p.revealed and "choose an option first" in p.output.value
    p.input.value = "×10"
    p.button.click()
    assert p.revealed and not p.close
    assert p.result_text.startswith("your guess ×10 · the answer unchanged · ✘ not this one")
    q = Prediction("2 + 2?", "4", "arithmetic", options=["3", "4"])
    q.lock("4")
    assert q.close and "✔ right" in q.result_text


def test_bad_construction_and_bad_guesses_name_the_argument():
    with pytest.raises(TypeError, match="question must be a non-empty str"):
        Prediction("", 1.0, "why")
    with pytest.raises(TypeError, match="explain must be a non-empty str"):
        Prediction("q?", 1.0, "")
    with pytest.raises(ValueError, match=r"answer must be one of options \['a', 'b'\]; got 'c'"):
        Prediction("q?", "c", "why", options=["a", "b"])
    with pytest.raises(TypeError, match="options must be a list of at least two str"):
        Prediction("q?", "a", "why", options="ab")
    with pytest.raises(TypeError, match="answer must be a number"):
        Prediction("q?", "3", "why")
    with pytest.raises(ValueError, match="rtol must be a number in"):
        Prediction("q?", 3.0, "why", rtol=2)
    p, _ = centroid_question()
    with pytest.raises(TypeError, match="guess must be a finite number"):
        p.lock(float("nan"))
    with pytest.raises(TypeError, match="guess must be a finite number"):
        p.lock("3")
    q = Prediction("q?", "a", "why", options=["a", "b"])
    with pytest.raises(ValueError, match=r"guess must be one of \['a', 'b'\]"):
        q.lock("c")
    assert not p.revealed and not q.revealed


def test_a_zero_answer_has_no_relative_error():
    p = Prediction("Accuracy change?", 0.0, "nothing moves")
    p.lock(0.5)
    assert "✘ off" in p.result_text and not p.close
