"""How many lines a learner reads to follow one public mlviz function.

The reading path of a function is the function itself plus every mlviz function it calls, followed
transitively through the package (calls by name, within a module, to names imported from another
mlviz module, and ``self.method`` within a class). Lines are code lines: blank lines, comments and
docstrings do not count. Input checks are listed apart: the shared ones in ``mlviz/_validation.py``
and a module's own ``_check_*`` helpers. They run once, at the public function, and a reader
following the algorithm can skip them.

    python scripts/reading_path.py mlviz.cluster.kmeans mlviz.attention.scaled_dot_product_attention
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mlviz"
SHARED_CHECKS = "mlviz._validation"


def _module_path(module: str) -> Path:
    rel = Path(*module.split(".")[1:])
    return PACKAGE / rel.with_suffix(".py") if (PACKAGE / rel.with_suffix(".py")).exists() else PACKAGE / rel / "__init__.py"


def _code_lines(node: ast.AST, lines: list[str]) -> int:
    doc = set()
    body = getattr(node, "body", [])
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        doc = set(range(body[0].lineno, body[0].end_lineno + 1))
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return sum(1 for i in range(first, node.end_lineno + 1)
               if i not in doc and lines[i - 1].strip() and not lines[i - 1].strip().startswith("#"))


class _Module:
    """The functions, classes and mlviz imports of one module."""

    def __init__(self, name: str):
        self.name = name
        src = _module_path(name).read_text()
        self.lines = src.splitlines()
        tree = ast.parse(src)
        self.functions: dict[str, ast.AST] = {}
        self.imports: dict[str, tuple[str, str]] = {}  # local name -> (module, name)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                self.functions[node.name] = node
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = name.split(".")[: len(name.split(".")) - node.level]
                mod = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (mod, alias.name)


def reading_path(qualname: str) -> dict[str, int]:
    """Code lines of each function on the reading path of ``qualname`` ('mlviz.module.function')."""
    module, _, name = qualname.rpartition(".")
    modules: dict[str, _Module] = {}
    found: dict[str, int] = {}

    def visit(module: str, name: str, cls: ast.ClassDef | None = None) -> None:
        key = f"{module}.{cls.name + '.' if cls else ''}{name}"
        if key in found:
            return
        mod = modules.setdefault(module, _Module(module))
        if cls is not None:
            node = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == name), None)
        elif name in mod.functions:
            node = mod.functions[name]
        elif name in mod.imports:
            return visit(*mod.imports[name])
        else:
            return
        if node is None:
            return
        if isinstance(node, ast.ClassDef):  # a result type: its fields are read, its methods are not called
            methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
            found[key] = _code_lines(node, mod.lines) - sum(_code_lines(m, mod.lines) for m in methods)
            return
        found[key] = _code_lines(node, mod.lines)
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            f = call.func
            if isinstance(f, ast.Name):
                visit(module, f.id)
            elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self" and cls:
                visit(module, f.attr, cls)

    if "." in name:  # Class.method
        cls_name, meth = name.split(".")
        visit(module, meth, _Module(module).functions[cls_name])
    else:
        visit(module, name)
    return found


def is_check(key: str) -> bool:
    """True for an input check: in the shared checks module, or a module's own ``_check_*`` helper."""
    return key.startswith(SHARED_CHECKS + ".") or key.rpartition(".")[2].startswith("_check")


def summary(qualname: str) -> tuple[int, int]:
    """(lines of the algorithm, lines of input checks) on the reading path."""
    path = reading_path(qualname)
    checks = sum(n for k, n in path.items() if is_check(k))
    return sum(path.values()) - checks, checks


if __name__ == "__main__":
    for q in sys.argv[1:] or ["mlviz.cluster.kmeans", "mlviz.attention.scaled_dot_product_attention",
                               "mlviz.linear.fit_least_squares"]:
        own, checks = summary(q)
        print(f"{q}: {own} lines of algorithm (+ {checks} of input checks, marked *)")
        for k, n in reading_path(q).items():
            print(f"    {n:4d}{'*' if is_check(k) else ' '} {k}")
