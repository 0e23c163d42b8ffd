r"""Exercises with instant, specific feedback.

An :class:`Exercise` knows its reference solution, a few input cases and the
typical mistakes learners make (each a small wrong implementation plus what to
say about it). ``check`` runs the learner's answer on every case and reports the
first failing input with the expected and received values.

Hints come in tiers, one more each time the check fails: first the idea behind the
exercise (``concept``, no code), then the hint for this answer (the known mistake it
behaves like, else the general ``hint``), last where the solution is
("Stuck? ``ex.NAME.show_solution()``"). A pass starts the tiers again.

A learner who has not started (the template still raises ``NotImplementedError``
or the value is ``...``) gets "not attempted" and the exercise's prompt, never an
exception, so "Run All" keeps working. No answer makes the check raise: text (``"45.0"`` is
not the number 45), a number too large for a float, or an object NumPy cannot
read each get feedback that says so.

``show_solution()`` prints code that runs on its own (its imports and helpers
included), and every known mistake is a named function that ``Mistake.show()``
prints the same way.
"""
from __future__ import annotations

import html
import inspect
import numbers
import sys
import types
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

__all__ = ["Mistake", "Exercise", "Feedback", "Source"]


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``answer`` behaves like the mistake, ``message`` explains it.

    ``answer`` is a named function (not a lambda), so that ``show()`` can print its source.
    """

    answer: Callable[..., Any]
    message: str

    def __post_init__(self):
        if not isinstance(self.answer, types.FunctionType) or self.answer.__name__ == "<lambda>":
            raise TypeError(f"Mistake answer must be a named function (def), so its source can be shown; "
                            f"got {_short(self.answer)}")

    def show(self) -> Source:
        """The wrong answer's source code, with the imports and helpers it uses."""
        return Source(_standalone_source(self.answer))


@dataclass(frozen=True)
class Feedback:
    """What ``Exercise.check`` found. ``bool(feedback)`` is True only when passed."""

    exercise: str
    status: str  # "passed", "failed" or "not attempted"
    details: tuple[str, ...] = ()
    prompt: str = ""  # the task, shown when the exercise has not been attempted
    follow_up: str = ""  # after a pass: one question that takes the idea one step further
    follow_up_answer: str = ""  # its answer, folded away until the learner opens it

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        icon = {"passed": "✅", "failed": "❌", "not attempted": "✏️"}[self.status]
        task = [f"   {line}" for line in self.prompt.splitlines()]
        follow = [f"   🤔 follow-up: {self.follow_up}"] if self.follow_up else []
        return "\n".join([f"{icon} {self.exercise}: {self.status}", *task, *(f"   {d}" for d in self.details), *follow])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {"passed": "#e6f4ea", "failed": "#fdecea", "not attempted": "#fff8e1"}[self.status]
        lines = "".join(f"<li>{html.escape(d)}</li>" for d in self.details)
        title = html.escape(str(self).splitlines()[0])
        task = f'<p style="margin:4px 0">{html.escape(self.prompt)}</p>' if self.prompt else ""
        follow = ""
        if self.follow_up:
            answer = (f"<details><summary>an answer</summary>{html.escape(self.follow_up_answer)}</details>"
                      if self.follow_up_answer else "")
            follow = f'<p style="margin:4px 0">🤔 <b>Follow-up:</b> {html.escape(self.follow_up)}</p>{answer}'
        return (
            f'<div style="background:{colour};padding:6px 10px;border-radius:4px">'
            f"<b>{title}</b>{task}{f'<ul>{lines}</ul>' if lines else ''}{follow}</div>"
        )


@dataclass(frozen=True)
class Source:
    """Source code shown as a code block (for reference solutions)."""

    code: str

    def __repr__(self) -> str:
        return self.code

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.code)}</pre>"


def _short(x: Any, width: int = 60, show: Callable[[Any], str] = repr) -> str:
    """``repr(x)`` (or ``show(x)``) cut to ``width`` characters; never raises (a learner's object may break repr,
    and a huge int has no repr at all beyond 4300 digits)."""
    try:
        text = show(x)
    except Exception:  # noqa: BLE001  (whatever the object raises, the feedback must still be written)
        text = f"<{type(x).__name__} that cannot be printed>"
    return text if len(text) <= width else text[: width - 1] + "…"


def _fmt(x: Any) -> str:
    if isinstance(x, (list, tuple, np.ndarray)):
        try:
            return np.array2string(np.asarray(x, dtype=float), precision=4, separator=", ", suppress_small=True)
        except Exception:  # noqa: BLE001
            return _short(x)
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    return _short(x)


def _read_numbers(got: Any) -> tuple[np.ndarray | None, str | None]:
    """``got`` as an array of real numbers (its own dtype, bool included), or None and why it is not one.

    Text is refused even when it looks like a number ("45.0" is not 45), and so are complex numbers, None
    inside a list, and objects whose conversion fails or overflows (a huge int)."""
    if isinstance(got, (str, bytes)):
        return None, f"expected a number or array; got {type(got).__name__} {_short(got)}: a number has no quotes"
    try:
        arr = np.asarray(got)
        if arr.dtype == object:  # Python ints beyond int64, Fractions, None, dicts, ...
            bad = [v for v in arr.flat if not isinstance(v, (numbers.Real, np.bool_))]
            if bad:
                return None, f"expected a number or array; got {type(got).__name__} {_short(got)}, " \
                             f"which holds {type(bad[0]).__name__} {_short(bad[0], 30)}"
            arr = arr.astype(np.float64)
    except OverflowError:
        return None, f"your answer is too large for a float (beyond 1.8e308): {type(got).__name__} {_short(got)}"
    except Exception as exc:  # noqa: BLE001  (ragged lists, objects whose __array__ raises, ...)
        return None, f"expected a number or array; got {type(got).__name__} {_short(got)}, which NumPy cannot " \
                     f"read as numbers ({type(exc).__name__}: {_short(exc, 80, str)})"
    if arr.dtype.kind not in "biuf":
        kind = {"c": "complex numbers", "U": "text", "S": "text"}.get(arr.dtype.kind, f"dtype {arr.dtype}")
        return None, f"expected real numbers; got {kind}: {_short(got)}"
    return arr, None


def _mismatch(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    """Why ``got`` is not ``expected``, or None if they agree."""
    if got is None:
        return "your answer returned None: did you forget `return`?"
    exp = np.asarray(expected, dtype=float)
    arr, why = _read_numbers(got)
    if why:
        return why
    if exp.ndim == 0 and arr.ndim != 0 and arr.size != 1:
        return f"expected a single number; got an array of shape {arr.shape}"
    if exp.ndim > 0 and arr.shape != exp.shape:
        return f"expected shape {exp.shape}; got shape {arr.shape}"
    with np.errstate(all="ignore"):  # an answer of 1e308 or inf is compared, not a warning
        close = np.allclose(arr.astype(np.float64).reshape(exp.shape), exp, rtol=rtol, atol=atol, equal_nan=True)
    if not close:  # NaN only matches NaN
        return f"expected {_fmt(expected)}, got {_fmt(got)}"
    return None


@dataclass
class Exercise:
    r"""One exercise: a prompt, a reference solution, input cases and known mistakes.

    Parameters
    ----------
    name : str
    prompt : str
    solution : callable
        Reference solution. For a *value* exercise it takes no arguments.
    cases : list of tuple
        Arguments to call the answer with. ``[()]`` for a value exercise.
    mistakes : list of Mistake
        Typical wrong answers. Tests prove each one is rejected with its message.
    hint : str
        General hint shown when the answer fails in a way no mistake explains.
    concept : str
        The first hint tier: the idea the exercise rests on, in words, without code.
    value : bool
        True if the learner gives a value, not a function.
    boolean : bool
        True if the answer must be a boolean array (a mask): 0/1 numbers with the right pattern fail.
    follow_up, follow_up_answer : str
        After a pass, the check asks ``follow_up`` (one question that takes the idea further); its answer
        is folded away in the notebook (and is ``ex.NAME.follow_up_answer`` in code).

    Examples
    --------
    >>> ex = Exercise("double", "Return 2x.", solution=lambda x: 2 * x, cases=[(1,), (3,)],
    ...               concept="doubling adds a number to itself")
    >>> print(ex.check(lambda x: None))
    ❌ double: failed
       input x=1: your answer returned None: did you forget `return`?
       2 of 2 cases fail
       hint 1 of 3 (the idea): doubling adds a number to itself
       (check again for the next hint)
    >>> print(ex.check(lambda x: x + 1))
    ❌ double: failed
       input x=3: expected 6, got 4
       hint 1 of 3 (the idea): doubling adds a number to itself
       hint 2 of 3: compare your formula with the one in the text above
       (check again for the next hint)
    >>> ex.check(lambda x: 2 * x).passed
    True
    """

    name: str
    prompt: str
    solution: Callable[..., Any]
    cases: list[tuple] = field(default_factory=lambda: [()])
    mistakes: list[Mistake] = field(default_factory=list)
    hint: str = ""
    concept: str = ""
    value: bool = False
    boolean: bool = False
    rtol: float = 1e-6
    atol: float = 1e-9
    follow_up: str = ""
    follow_up_answer: str = ""
    _failed_checks: int = field(default=0, init=False, repr=False, compare=False)  # how many hint tiers are shown

    def _call(self, answer, args):
        # Copies, so an answer that modifies its inputs cannot corrupt later cases.
        args = tuple(np.array(a) if isinstance(a, np.ndarray) else a for a in args)
        return answer() if self.value else answer(*args)

    def _args_text(self, args) -> str:
        if self.value:
            return "your value"
        names = list(inspect.signature(self.solution).parameters)
        return "input " + ", ".join(f"{n}={_fmt(a)}" for n, a in zip(names, args))

    def _failures(self, answer) -> list[tuple[tuple, str]]:
        failures = []
        for args in self.cases:
            expected = self._call(self.solution, args)
            try:
                got = self._call(answer, args)
            except NotImplementedError:
                raise
            except Exception as exc:  # the learner's code may raise anything; report it, don't crash
                failures.append((args, f"raised {type(exc).__name__}: {_short(exc, 200, str)}"))
                continue
            why = self._not_boolean(got) or _mismatch(got, expected, self.rtol, self.atol)
            if why:
                failures.append((args, why))
        return failures

    def _not_boolean(self, got) -> str | None:
        """Why ``got`` is not the boolean array this exercise asks for, or None."""
        if not self.boolean or got is None:
            return None
        arr, why = _read_numbers(got)
        if why or arr.dtype == bool:  # what is not numbers at all, _mismatch explains
            return None
        return (f"expected a boolean array (True/False); got dtype {arr.dtype}. mlviz rejects a numeric mask, and "
                "PyTorch adds a float mask to the scores, so 0/1 numbers would not block anything: use dtype=bool")

    def check(self, answer: Any) -> Feedback:
        """Run ``answer`` (a function, or a value for value exercises) on every case.

        Each failed check reveals one more hint tier (see the module docstring); a pass starts them again."""
        if answer is ... or answer is None:
            return Feedback(self.name, "not attempted", ("fill in your answer, then run this cell again",), self.prompt)
        if self.value:
            given = answer
            answer = lambda: given  # noqa: E731  (one code path for values and functions)
        elif not callable(answer):
            return self._failed([f"expected a function; got {type(answer).__name__} {_short(answer)}"], answer)
        try:
            failures = self._failures(answer)
        except NotImplementedError:
            return Feedback(self.name, "not attempted",
                            ("replace `raise NotImplementedError` with your code, then run again",), self.prompt)
        if not failures:
            self.reset_hints()
            n = len(self.cases)
            return Feedback(self.name, "passed", (f"correct on all {n} cases" if n > 1 else "correct",),
                            follow_up=self.follow_up, follow_up_answer=self.follow_up_answer)
        args, why = failures[0]
        details = [f"{self._args_text(args)}: {why}"]
        if len(failures) > 1:
            details.append(f"{len(failures)} of {len(self.cases)} cases fail")
        return self._failed(details, answer)

    def _failed(self, details: list[str], answer) -> Feedback:
        """Feedback for a failed check: ``details``, then the hint tiers revealed so far, one more than last time."""
        tiers = [(" (the idea)", self.concept), ("", None), ("", f"Stuck? {self._handle()}.show_solution() prints "
                                                                  "the reference solution")]
        tiers = [(label, text) for label, text in tiers if text != ""]  # an exercise without a concept has 2 tiers
        self._failed_checks = min(self._failed_checks + 1, len(tiers))
        for i, (label, text) in enumerate(tiers[: self._failed_checks], start=1):
            text = self._diagnose(answer) if text is None else text  # the costly tier only when shown
            details.append(f"hint {i} of {len(tiers)}{label}: {text}")
        if self._failed_checks < len(tiers):
            details.append("(check again for the next hint)")
        return Feedback(self.name, "failed", tuple(details))

    def reset_hints(self) -> None:
        """Start the hint tiers again: the next failed check shows the first one only."""
        self._failed_checks = 0

    def _handle(self) -> str:
        """How a notebook names this exercise: ``ex.NAME``, the notebooks' alias for its module."""
        module = sys.modules.get(getattr(self.solution, "__module__", None) or "")
        for attr, obj in (vars(module).items() if module else ()):
            if obj is self:
                return f"ex.{attr}"
        return f"Exercise({self.name!r})"

    def _diagnose(self, answer) -> str:
        """The message of the known mistake the answer behaves like, else the general hint."""
        for m in self.mistakes:
            try:
                if all(_mismatch(self._call(answer, a), self._call(m.answer, a), self.rtol, self.atol) is None
                       for a in self.cases):
                    return m.message
            except Exception:  # an answer that crashes is not this mistake
                continue
        return self.hint or "compare your formula with the one in the text above"

    def show_solution(self) -> Source:
        """The reference solution's source code, with its imports and helpers: it runs on its own."""
        return Source(_standalone_source(self.solution))


def _standalone_source(func: Callable) -> str:
    """The source of ``func`` preceded by the imports and the functions of its own module that it uses
    (followed transitively), so that the text runs on its own."""
    imports: dict[str, str] = {}
    sources: dict[str, str] = {}

    def visit(f: types.FunctionType) -> None:
        for name in _names_used(f.__code__):
            obj = f.__globals__.get(name)
            if isinstance(obj, types.ModuleType):
                imports[name] = f"import {obj.__name__}" + ("" if obj.__name__ == name else f" as {name}")
            elif isinstance(obj, types.FunctionType) and obj.__module__ == func.__module__:
                if obj.__name__ not in sources:
                    sources[obj.__name__] = ""  # mark first: a recursive helper must not loop
                    visit(obj)
                    sources[obj.__name__] = inspect.getsource(obj).strip()
            elif obj is not None and getattr(obj, "__module__", None) and hasattr(obj, "__qualname__"):
                imports[name] = f"from {obj.__module__} import {obj.__qualname__}" + (
                    "" if obj.__qualname__ == name else f" as {name}")

    visit(func)
    sources.pop(func.__name__, None)
    body = [*sources.values(), inspect.getsource(func).strip()]
    head = "\n".join(sorted(imports.values()))
    return "\n\n\n".join(([head] if head else []) + body)


def _names_used(code: types.CodeType) -> set[str]:
    """Global names a code object reads, including those of the lambdas and comprehensions inside it."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_used(const)
    return names
