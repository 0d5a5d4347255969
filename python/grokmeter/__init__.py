"""Call the grokmeter command line from Python (standard library only).

``fit`` fits S-curves to training logs, ``trend`` runs the paper's trend analysis over a set of runs,
``read_runs`` reads a sweep's runs.csv. Results are pandas DataFrames when pandas is importable, else
lists of dicts. The CLI is found via the ``GROKMETER`` environment variable, ``grokmeter`` on the
PATH, or the launcher at the root of the clone this package sits in.
"""

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

__all__ = ["fit", "trend", "read_runs", "launcher", "GrokmeterError"]
__version__ = "0.1.0"


class GrokmeterError(RuntimeError):
    """The CLI refused the input (exit 2) or failed (exit 1); the message is its one line."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def launcher():
    """The command that runs the CLI, as an argv prefix."""
    env = os.environ.get("GROKMETER")
    if env:
        return [env]
    found = shutil.which("grokmeter")
    if found:
        return [found]
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "grokmeter"
        if candidate.is_file() and (parent / "cli").is_dir():
            return [str(candidate)]
    raise GrokmeterError(
        "grokmeter: the CLI was not found; set GROKMETER to the launcher's path or put grokmeter on the PATH",
        2,
    )


def _options(flags):
    """Keyword arguments as CLI options: loss_scale=2 -> --loss-scale 2; True -> a bare flag; lists repeat."""
    args = []
    for name, value in flags.items():
        option = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(option)
        elif isinstance(value, (list, tuple)):
            for v in value:
                args.extend([option, os.fspath(v) if isinstance(v, os.PathLike) else str(v)])
        else:
            args.extend([option, os.fspath(value) if isinstance(value, os.PathLike) else str(value)])
    return args


def _is_table(x):
    """A DataFrame, or a list of dicts: data to send on standard input rather than a path."""
    if hasattr(x, "to_csv") and hasattr(x, "columns"):
        return True
    return isinstance(x, list) and bool(x) and all(isinstance(r, dict) for r in x)


def _table_csv(x):
    if hasattr(x, "to_csv"):
        return x.to_csv(index=False)
    columns = []
    for row in x:
        for k in row:
            if k not in columns:
                columns.append(k)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for row in x:
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return out.getvalue()


def _run(args, stdin_text=None):
    proc = subprocess.run(
        launcher() + args,
        input=stdin_text,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        raise GrokmeterError(lines[-1] if lines else "grokmeter: exit %d" % proc.returncode, proc.returncode)
    return proc.stdout


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None


def _rows(text):
    """CSV text as rows; a column whose every non-empty cell is a number becomes floats, empty cells None."""
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    columns = reader.fieldnames or []
    numeric = {
        c: all(_number(r[c]) is not None for r in rows if r.get(c) not in (None, "")) for c in columns
    }
    out = []
    for r in rows:
        d = {}
        for c in columns:
            v = r.get(c)
            if v is None or v == "":
                d[c] = None
            elif numeric[c]:
                d[c] = float(v)
            else:
                d[c] = v
        out.append(d)
    return _frame(out, columns)


def _frame(rows, columns):
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows, columns=columns)


def _paths(x):
    if isinstance(x, (str, os.PathLike)):
        return [os.fspath(x)]
    return [os.fspath(p) for p in x]


def fit(path_or_dataframe=None, **flags):
    """Fits the S-curves of one or more logs (paths), or of a DataFrame / list of dicts (one log).

    Keyword arguments are ``grokmeter fit`` options (form, amplitude, offset, time, train, val, percent,
    train_file, val_file, bootstrap, ...). Returns one row per log (per run for W&B chart exports).
    """
    flags = dict(flags)
    flags["format"] = "csv"
    if path_or_dataframe is None:
        return _rows(_run(["fit"] + _options(flags)))
    if _is_table(path_or_dataframe):
        return _rows(_run(["fit"] + _options(flags) + ["-"], _table_csv(path_or_dataframe)))
    return _rows(_run(["fit"] + _options(flags) + ["--"] + _paths(path_or_dataframe)))


def trend(runs, group_by=None, figures=None, **flags):
    """The paper's trend of R_rel and R_abs against m over a set of runs.

    ``runs`` is a path (a CSV with m, R_rel, R_abs columns, or a sweep folder), a list of paths, or the
    rows themselves (the result of ``fit`` or ``read_runs``). Returns rows of
    group, measure, n, slope, slope_se, intercept, intercept_se, r, p, r_m_log_R, p_m_log_R, excluded.
    """
    flags = dict(flags, group_by=group_by, figures=figures)
    if _is_table(runs):
        return _rows(_run(["trend"] + _options(flags) + ["-"], _table_csv(runs)))
    return _rows(_run(["trend"] + _options(flags) + ["--"] + _paths(runs)))


def read_runs(folder):
    """A sweep's results: ``folder``/runs.csv (or the CSV file given), one row per run."""
    p = Path(folder)
    if p.is_dir():
        p = p / "runs.csv"
    with open(p, newline="", encoding="utf-8") as f:
        return _rows(f.read())
