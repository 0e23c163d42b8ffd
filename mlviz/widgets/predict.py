r"""Predict, then reveal: the learner commits to a guess before the notebook shows the answer.

A result you guessed wrong is remembered far better than one you were told. A
:class:`Prediction` shows a question and an input (a number box, or one button per
option) with a **Lock in** button. Only after the guess is locked does it compute
the answer and show it next to the guess, with a one-line explanation.

* Keyboard: Tab to the box and type (or arrow keys between the options), Tab to
  **Lock in** and press Enter or Space.
* Run All: an unanswered prediction shows its question and nothing else; it
  reveals nothing and raises nothing.
* From code (tests, or a learner who prefers typing): ``p.lock(3.25)``.

The answer may be given as a function, so that it is computed only when revealed.

Examples
--------
>>> p = Prediction("The mean of [0, 1, 2, 10]?", answer=lambda: (0 + 1 + 2 + 10) / 4,
...                explain="the outlier 10 pulls the mean far from the middle of the other three")
>>> p.revealed
False
>>> p.lock(1.5)
>>> print(p.result_text)
your guess 1.5 · the answer 3.25 · ✘ off by 54%: the outlier 10 pulls the mean far from the middle of the other three
"""
from __future__ import annotations

import html
import math
import numbers
from typing import Any, Callable, Sequence

import ipywidgets as widgets

__all__ = ["Prediction"]


class Prediction:
    """One question, one locked guess, then the computed answer beside it.

    Parameters
    ----------
    question : str
        What to predict (shown as the first line).
    answer : number, str or callable
        The true answer, or a function of no arguments that computes it when the guess is locked.
        For a choice question, one of ``options``.
    explain : str
        One line shown with the answer: why it is what it is.
    options : sequence of str, optional
        Make it a choice question, one button per option. Without it the guess is a number.
    rtol : float
        A numeric guess within ``rtol`` of the answer (relative) counts as close. Default 0.1.
    """

    def __init__(self, question: str, answer: Any | Callable[[], Any], explain: str, *,
                 options: Sequence[str] | None = None, rtol: float = 0.1):
        if not isinstance(question, str) or not question.strip():
            raise TypeError(f"question must be a non-empty str; got {question!r}")
        if not isinstance(explain, str) or not explain.strip():
            raise TypeError(f"explain must be a non-empty str (the one-line reason); got {explain!r}")
        if options is not None:
            if isinstance(options, str) or len(options) < 2 or not all(isinstance(o, str) for o in options):
                raise TypeError(f"options must be a list of at least two str; got {options!r}")
            if not callable(answer) and answer not in options:
                raise ValueError(f"answer must be one of options {list(options)}; got {answer!r}")
        elif not callable(answer) and not _is_number(answer):
            raise TypeError(f"answer must be a number (or a function returning one) when there are no options; "
                            f"got {answer!r}")
        if not _is_number(rtol) or not 0 <= rtol < 1:
            raise ValueError(f"rtol must be a number in [0, 1); got {rtol!r}")
        self.question, self.explain, self.options, self.rtol = question, explain, options, rtol
        self._answer = answer
        self.guess: Any = None
        self.answer: Any = None  # set when revealed, never before
        self.result_text = ""

        if options is None:
            self.input = widgets.Text(placeholder="your guess (a number)", continuous_update=False,
                                      layout=widgets.Layout(width="180px"))
        else:
            self.input = widgets.ToggleButtons(options=list(options), value=None, style={"button_width": "auto"})
        self.button = widgets.Button(description="Lock in", button_style="primary", tooltip="lock your guess in")
        self.button.on_click(lambda _: self._on_lock())
        self.output = widgets.HTML()
        self.widget = widgets.VBox([widgets.HTML(f"<b>🔮 Predict:</b> {html.escape(question)}"),
                                    widgets.HBox([self.input, self.button]), self.output])
        self.widget.add_class("mlviz-prediction")  # how a browser test finds it

    @property
    def revealed(self) -> bool:
        return self.answer is not None

    def lock(self, guess: Any) -> None:
        """Enter ``guess`` and lock it in, as the learner would with the keyboard or the mouse."""
        if self.options is None:
            if not _is_number(guess) or not math.isfinite(guess):
                raise TypeError(f"guess must be a finite number for this question; got {guess!r}")
            self.input.value = repr(float(guess))
        else:
            if guess not in self.options:
                raise ValueError(f"guess must be one of {list(self.options)}; got {guess!r}")
            self.input.value = guess
        self._on_lock()

    def _read_guess(self) -> tuple[Any, str | None]:
        """The guess in the input, or None and what to do instead."""
        if self.options is not None:
            return (self.input.value, None) if self.input.value is not None else (None, "choose an option first")
        text = self.input.value.strip().replace(",", "")
        try:
            value = float(text)
        except ValueError:
            if not text:
                return None, "type a number first"
            return None, f"{text!r} is not a number: type digits, with a point or a minus sign if needed"
        return (value, None) if math.isfinite(value) else (None, "type a finite number")

    def _on_lock(self) -> None:
        if self.revealed:
            return
        guess, why = self._read_guess()
        if why:
            self.output.value = f"<i>{html.escape(why)}, then press Lock in.</i>"
            return
        answer = self._answer() if callable(self._answer) else self._answer
        self.guess, self.answer = guess, answer
        self.input.disabled = self.button.disabled = True
        self.button.description = "Locked"
        self.result_text = f"your guess {_show(guess)} · the answer {_show(answer)} · {self._verdict()}: {self.explain}"
        colour = "#e6f4ea" if self.close else "#fff3e0"
        self.output.value = (f'<div style="background:{colour};padding:4px 8px;border-radius:4px">'
                             f"{html.escape(self.result_text)}</div>")

    @property
    def close(self) -> bool:
        """Whether the locked guess was right (a choice) or within ``rtol`` (a number)."""
        if not self.revealed:
            return False
        if self.options is not None:
            return self.guess == self.answer
        return math.isclose(self.guess, float(self.answer), rel_tol=self.rtol, abs_tol=1e-12)

    def _verdict(self) -> str:
        if self.close:
            return "✔ right" if self.options is not None or self.guess == float(self.answer) else "✔ close"
        if self.options is not None:
            return "✘ not this one"
        off = abs(self.guess - float(self.answer)) / abs(float(self.answer)) if float(self.answer) else math.inf
        return f"✘ off by {off:.0%}" if math.isfinite(off) else "✘ off"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # the plain-text form (what a stored notebook and nbval see) never holds the answer
        bundle["text/plain"] = f"Predict: {self.question} (type or choose, then Lock in)"
        return bundle

    def __repr__(self) -> str:
        state = f"locked {_show(self.guess)}, answer {_show(self.answer)}" if self.revealed else "not locked"
        return f"Prediction({self.question!r}, {state})"


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _show(x) -> str:
    return f"{float(x):.4g}" if _is_number(x) else str(x)
