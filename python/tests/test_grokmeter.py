"""Tests of the Python package against the built CLI (GROKMETER names the launcher)."""

import math
import os
import sys
import tempfile
import types
import unittest
from pathlib import Path

import grokmeter


def _erf_curve(t, t_star, s):
    return 0.75 + 0.25 * math.erf(s * (t - t_star))


def _log_rows(t_train, t_val, n=120):
    return [
        {"epoch": e, "train_acc": _erf_curve(e, t_train, 0.1), "val_acc": _erf_curve(e, t_val, 0.08)}
        for e in range(n)
    ]


def _as_rows(result):
    """Rows as dicts whether pandas is installed or not."""
    if hasattr(result, "to_dict"):
        return result.to_dict("records")
    return result


def _write_csv(path, rows):
    cols = list(rows[0])
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(cols) + "\n")
        for r in rows:
            f.write(",".join(repr(r[c]) for c in cols) + "\n")


class _FrameLike:
    """The part of a pandas DataFrame that grokmeter.fit uses."""

    def __init__(self, rows):
        self.columns = list(rows[0])
        self.rows = rows
        self.index_flags = []

    def to_csv(self, index=True):
        self.index_flags.append(index)
        lines = [",".join(self.columns)] + [",".join(repr(r[c]) for c in self.columns) for r in self.rows]
        return "\n".join(lines) + "\n"


class OptionsTest(unittest.TestCase):
    def test_keywords_become_cli_options(self):
        self.assertEqual(
            grokmeter._options({"loss_scale": 2, "percent": True, "plot": None, "no_fallback": False,
                                "train_file": ["a", Path("b")]}),
            ["--loss-scale", "2", "--percent", "--train-file", "a", "--train-file", "b"],
        )

    def test_columns_of_numbers_become_floats(self):
        rows = grokmeter._rows("key,m,status\n0123,1.5,ok\nabcd,,did_not_grok\n")
        rows = _as_rows(rows)
        self.assertEqual(rows[0]["key"], "0123", "a column with any non-number stays text")
        self.assertEqual(rows[0]["m"], 1.5)
        self.assertTrue(rows[1]["m"] is None or math.isnan(rows[1]["m"]))


class PandasPathTest(unittest.TestCase):
    """The DataFrame path, with a stand-in pandas module when the real one is not installed: rows
    and column order must reach ``pandas.DataFrame`` as read, numbers as floats, empty cells as None."""

    def test_rows_become_a_dataframe_with_the_file_column_order(self):
        calls = []

        class FakeFrame:
            def __init__(self, rows, columns):
                calls.append((rows, columns))

        fake = types.ModuleType("pandas")
        fake.DataFrame = FakeFrame
        saved = sys.modules.get("pandas")
        sys.modules["pandas"] = fake
        try:
            frame = grokmeter._rows("key,m,status\nk1,1.5,ok\nk2,,did_not_grok\n")
        finally:
            if saved is None:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved
        self.assertIsInstance(frame, FakeFrame)
        rows, columns = calls[0]
        self.assertEqual(columns, ["key", "m", "status"])
        self.assertEqual(rows, [{"key": "k1", "m": 1.5, "status": "ok"},
                                {"key": "k2", "m": None, "status": "did_not_grok"}])


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name)

    def tearDown(self):
        self.dir.cleanup()

    def test_fit_a_file_and_rows(self):
        log = self.path / "run.csv"
        _write_csv(log, _log_rows(15, 45))
        rows = _as_rows(grokmeter.fit(log, amplitude=0.25, offset=0.75))
        self.assertEqual(len(rows), 1)
        self.assertAlmostEqual(rows[0]["t_star_train"], 15.0, places=4)
        self.assertAlmostEqual(rows[0]["m"], 2.0, places=4)
        self.assertTrue(rows[0]["status"].startswith("converged"), rows[0]["status"])
        # the same log given as rows goes through standard input
        again = _as_rows(grokmeter.fit(_log_rows(15, 45), amplitude=0.25, offset=0.75))
        self.assertEqual(again[0]["file"], "-")
        self.assertEqual(again[0]["t_star_val"], rows[0]["t_star_val"])
        # and as a DataFrame (anything with columns and to_csv(index=False), as pandas has)
        frame = _FrameLike(_log_rows(15, 45))
        from_frame = _as_rows(grokmeter.fit(frame, amplitude=0.25, offset=0.75))
        self.assertEqual(frame.index_flags, [False])
        self.assertEqual(from_frame[0]["t_star_val"], rows[0]["t_star_val"])

    def test_bad_input_raises_with_the_cli_message(self):
        log = self.path / "bad.csv"
        log.write_text("epoch,train_acc\n0,0.5\n")
        with self.assertRaises(grokmeter.GrokmeterError) as e:
            grokmeter.fit(log)
        self.assertEqual(e.exception.code, 2)
        self.assertIn("bad.csv", str(e.exception))
        self.assertIn("at least 4", str(e.exception))

    def test_trend_of_fits_and_read_runs(self):
        paths = []
        for k in range(4):
            p = self.path / ("log%d.csv" % k)
            rows = [
                {"epoch": e, "train_acc": _erf_curve(e, 15, 0.1),
                 "val_acc": _erf_curve(e, 30 + 20 * k, 0.1 / (1 + k))}
                for e in range(300)
            ]
            _write_csv(p, rows)
            paths.append(p)
        fits = grokmeter.fit(paths)
        self.assertEqual(len(_as_rows(fits)), 4)
        t = _as_rows(grokmeter.trend(fits))
        self.assertEqual([r["measure"] for r in t], ["R_rel", "R_abs"])
        self.assertEqual(t[0]["n"], 4.0)
        self.assertLess(t[0]["r"], -0.9)
        # a sweep folder's runs.csv, as grokmeter writes it
        sweep = self.path / "sweep"
        sweep.mkdir()
        (sweep / "runs.csv").write_text(
            "seed,m,R_rel,R_abs,status,key\n0,1.0,2.0,0.1,ok,00ab\n1,2.0,1.5,0.05,ok,0012\n"
            "2,3.0,1.1,0.04,ok,0013\n3,,,,did_not_grok,0014\n"
        )
        runs = _as_rows(grokmeter.read_runs(sweep))
        self.assertEqual(len(runs), 4)
        self.assertEqual(runs[1]["key"], "0012")
        by_seed = _as_rows(grokmeter.trend(sweep, group_by="status"))
        self.assertEqual(by_seed[0]["group"], "ok")
        self.assertEqual(by_seed[0]["n"], 3.0)


if __name__ == "__main__":
    unittest.main()
