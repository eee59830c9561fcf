"""Tests of loss_lens.py and examples/train_demo.py.

    python3 -m unittest -v test_loss_lens          (from python/)

numpy and torch tests are skipped where those are not installed; Debian's /usr/bin/python3 with
python3-numpy and python3-torch runs them all.
"""

import importlib.util
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest
import warnings

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import loss_lens  # noqa: E402
from loss_lens import LossLensWriter  # noqa: E402

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None
try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover
    torch = None

needs_numpy = unittest.skipUnless(np is not None, "numpy is not installed")
needs_torch = unittest.skipUnless(torch is not None, "torch is not installed")


def load_demo():
    spec = importlib.util.spec_from_file_location("train_demo", os.path.join(HERE, "examples", "train_demo.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, "run.losslens.jsonl")

    def lines(self, path=None):
        with open(path or self.path, encoding="utf-8", newline="") as f:
            text = f.read()
        self.assertTrue(text.endswith("\n"), "the file ends with a line break")
        self.assertNotIn("\r", text)
        return text[:-1].split("\n")

    def records(self, path=None):
        return [json.loads(line) for line in self.lines(path)]


class HeaderTest(Base):
    def test_header_written_once_on_creation(self):
        with LossLensWriter(self.path, classes=["cat", "dog", "bird"],
                            loss={"weight": [1.0, 2.0, 1.0], "ignore_index": -1, "label_smoothing": 0.1}) as w:
            w.log(0, logits=[[2.1, -0.3, 0.4]], targets=[0])
            w.log(1, logits=[[0.2, 1.7, -1.1]], targets=[1])
        header, *records = self.records()
        self.assertEqual(header, {"format": "loss-lens", "version": 1, "task": "multiclass",
                                  "classes": ["cat", "dog", "bird"],
                                  "loss": {"weight": [1.0, 2.0, 1.0], "ignore_index": -1, "label_smoothing": 0.1}})
        self.assertEqual([r["step"] for r in records], [0, 1])
        self.assertFalse(any("format" in r for r in records))

    def test_header_alone_for_an_unused_writer(self):
        LossLensWriter(self.path).close()
        self.assertEqual(self.records(), [{"format": "loss-lens", "version": 1, "task": "multiclass"}])

    def test_empty_existing_file_gets_a_header(self):
        open(self.path, "w").close()
        with LossLensWriter(self.path) as w:
            w.log(0, logits=[1.0, 2.0], targets=1)
        self.assertEqual(len(self.records()), 2)
        self.assertEqual(self.records()[0]["format"], "loss-lens")

    def test_multilabel_header(self):
        pos = [3.0, 0.5, 1.0]
        with LossLensWriter(self.path, task="multilabel", classes=("a", "b", "c"),
                            loss={"pos_weight": pos, "weight": None}) as w:
            w.log(0, logits=[[1.5, -0.3, 0.2], [0.1, 0.2, 0.3]], targets=[[1, 0, 1], [0, 0, 0]])
            w.log(1, probs=[0.5, 0.5, 0.9], targets=[1.0, 0.0, 1.0])
        header, first, second = self.records()
        self.assertEqual(header, {"format": "loss-lens", "version": 1, "task": "multilabel",
                                  "classes": ["a", "b", "c"], "loss": {"pos_weight": pos}})
        self.assertEqual(first["targets"], [[1, 0, 1], [0, 0, 0]])
        self.assertEqual(second["probs"], [0.5, 0.5, 0.9])

    def test_classes_are_strings(self):
        with LossLensWriter(self.path, classes=range(3)):
            pass
        self.assertEqual(self.records()[0]["classes"], ["0", "1", "2"])

    def test_bad_header_arguments(self):
        cases = [
            (dict(task="regression"), ValueError, "task"),
            (dict(classes=[]), ValueError, "classes"),
            (dict(classes="cat,dog"), TypeError, "classes"),
            (dict(loss=[1, 2]), TypeError, "loss"),
            (dict(loss={"reduction": "sum"}), ValueError, "mean"),
            (dict(loss={"pos_weight": [1.0, 2.0]}), ValueError, "not an option of the multiclass loss"),
            (dict(task="multilabel", loss={"label_smoothing": 0.1}), ValueError, "label_smoothing"),
            (dict(loss={"label_smoothing": 1.5}), ValueError, r"\[0, 1\]"),
            (dict(loss={"ignore_index": 1.5}), TypeError, "ignore_index"),
            (dict(loss={"weight": [1.0, float("nan")]}), ValueError, "finite"),
            (dict(loss={"weight": []}), ValueError, "weight"),
            (dict(classes=["a", "b"], loss={"weight": [1, 2, 3]}), ValueError, "3 entries for 2 classes"),
        ]
        for kwargs, error, message in cases:
            with self.subTest(kwargs=kwargs):
                with self.assertRaisesRegex(error, message):
                    LossLensWriter(self.path, **kwargs)
                self.assertFalse(os.path.exists(self.path), "nothing is written for a bad header")

    def test_warns_about_a_name_the_extension_does_not_find(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            LossLensWriter(os.path.join(self.tmp.name, "run.jsonl")).close()
            LossLensWriter(self.path).close()
        self.assertEqual(len(caught), 1)
        self.assertIn("*.losslens.jsonl", str(caught[0].message))

    def test_creates_missing_folders(self):
        path = os.path.join(self.tmp.name, "runs", "exp1", "a.losslens.jsonl")
        with LossLensWriter(path) as w:
            w.log(0, logits=[0.0, 1.0], targets=0)
        self.assertEqual(len(self.records(path)), 2)

    def test_accepts_a_path_object(self):
        import pathlib
        with LossLensWriter(pathlib.Path(self.path)) as w:
            w.log(0, logits=[0.0, 1.0], targets=0)
        self.assertEqual(len(self.records()), 2)


class AppendTest(Base):
    def test_reopening_appends_without_a_second_header(self):
        with LossLensWriter(self.path, classes=["a", "b"], loss={"label_smoothing": 0.1}) as w:
            w.log(0, logits=[[1.0, 2.0]], targets=[1])
        with LossLensWriter(self.path, classes=["a", "b"], loss={"label_smoothing": 0.1}) as w:
            w.log(1, logits=[[1.0, 2.0]], targets=[0])
        with LossLensWriter(self.path) as w:  # classes and loss not given: the file's are kept
            self.assertEqual(w.classes, ["a", "b"])
            w.log(2, logits=[[1.0, 2.0]], targets=[0])
            with self.assertRaisesRegex(ValueError, "2 classes"):
                w.log(3, logits=[[1.0, 2.0, 3.0]], targets=[0])
        records = self.records()
        self.assertEqual(sum("format" in r for r in records), 1)
        self.assertEqual([r["step"] for r in records[1:]], [0, 1, 2])

    def test_a_different_header_is_refused(self):
        with LossLensWriter(self.path, classes=["a", "b"], loss={"label_smoothing": 0.1}):
            pass
        cases = [
            (dict(task="multilabel"), "task 'multiclass'"),
            (dict(classes=["a", "c"]), "classes"),
            (dict(classes=["a", "b"], loss={"label_smoothing": 0.2}), "loss"),
        ]
        for kwargs, message in cases:
            with self.subTest(kwargs=kwargs):
                with self.assertRaisesRegex(ValueError, message):
                    LossLensWriter(self.path, **kwargs)
        self.assertEqual(len(self.lines()), 1)

    def test_headerless_log(self):
        with open(self.path, "w") as f:
            f.write('{"step": 0, "logits": [1, 2], "targets": 1}\n')
        with self.assertRaisesRegex(ValueError, "without a header"):
            LossLensWriter(self.path, task="multilabel")
        with self.assertRaisesRegex(ValueError, "without a header"):
            LossLensWriter(self.path, classes=["a", "b"])
        with LossLensWriter(self.path) as w:
            w.log(1, logits=[1, 2], targets=0)
        self.assertEqual([r["step"] for r in self.records()], [0, 1])

    def test_not_a_loss_lens_log(self):
        with open(self.path, "w") as f:
            f.write("step,loss\n0,1.5\n")
        with self.assertRaisesRegex(ValueError, "not JSON"):
            LossLensWriter(self.path)
        with open(self.path, "w") as f:
            f.write('{"format": "loss-lens", "version": 2}\n')
        with self.assertRaisesRegex(ValueError, "version 2"):
            LossLensWriter(self.path)

    def test_line_cut_short_by_a_crash_stays_apart(self):
        with LossLensWriter(self.path) as w:
            w.log(0, logits=[1.0, 2.0], targets=1)
        with open(self.path, "a") as f:
            f.write('{"step": 1, "logits": [1.0, ')
        with LossLensWriter(self.path) as w:
            w.log(2, logits=[1.0, 2.0], targets=1)
        lines = self.lines()
        self.assertEqual(len(lines), 4)
        self.assertEqual(lines[2], '{"step": 1, "logits": [1.0, ')
        self.assertEqual(json.loads(lines[3])["step"], 2)

    def test_byte_order_mark(self):
        with open(self.path, "w", encoding="utf-8-sig") as f:
            f.write('{"format": "loss-lens", "version": 1, "task": "multilabel"}\r\n')
        with LossLensWriter(self.path, task="multilabel") as w:
            w.log(0, logits=[1.0, 2.0], targets=[1, 0])
        with open(self.path, encoding="utf-8-sig") as f:
            self.assertEqual(len(f.read().splitlines()), 2)


class RecordTest(Base):
    def test_record_fields_and_order(self):
        with LossLensWriter(self.path) as w:
            w.log(120, logits=[[2.1, -0.3, 0.4], [0.2, 1.7, -1.1]], targets=[0, 1], split="val",
                  epoch=3, time=1732412345.12, ids=["a", 7], loss=0.2811)
        line = self.lines()[1]
        self.assertEqual(line, '{"step":120,"split":"val","epoch":3,"time":1732412345.12,'
                               '"logits":[[2.1,-0.3,0.4],[0.2,1.7,-1.1]],"targets":[0,1],'
                               '"ids":["a",7],"loss":0.2811}')

    def test_defaults(self):
        import time
        before = time.time()
        with LossLensWriter(self.path) as w:
            w.log(0, probs=[0.7, 0.2, 0.1], targets=0)
        record = self.records()[1]
        self.assertEqual(set(record), {"step", "split", "time", "probs", "targets"})
        self.assertEqual(record["split"], "train")
        self.assertTrue(before <= record["time"] <= time.time())

    def test_output_kinds_and_target_forms(self):
        with LossLensWriter(self.path, loss={"ignore_index": -1}) as w:
            w.log(0, log_probs=[[-0.1, -2.5], [-1.0, -0.5]], targets=[1, -1])
            w.log(0, logits=[[1.0, 2.0, 3.0]], targets=[[0.2, 0.3, 0.5]])    # soft targets
            w.log(0, logits=[1.0, 2.0, 3.0], targets=[0.2, 0.3, 0.5])        # one example, soft
            w.log(0, logits=[1.0, 2.0, 3.0], targets=[2])                    # one example, [index]
            w.log(0, logits=(1.0, 2.0), targets=1.0)                          # tuples, float index
        kinds = [[k for k in ("logits", "probs", "log_probs") if k in r] for r in self.records()[1:]]
        self.assertEqual(kinds, [["log_probs"], ["logits"], ["logits"], ["logits"], ["logits"]])

    def test_nonfinite_tokens(self):
        inf, nan = float("inf"), float("nan")
        with LossLensWriter(self.path) as w:
            w.log(0, logits=[[nan, inf, -inf], [0.0, 1.0, 2.0]], targets=[0, 1], loss=nan)
            w.log(1, logits=[[1.0, 2.0, 3.0]], targets=[0], loss=inf)
        lines = self.lines()
        self.assertIn('"logits":[[NaN,Infinity,-Infinity],[0.0,1.0,2.0]]', lines[1])
        self.assertTrue(lines[1].endswith('"loss":NaN}'))
        self.assertTrue(lines[2].endswith('"loss":Infinity}'))
        record = json.loads(lines[1])
        self.assertTrue(math.isnan(record["logits"][0][0]))
        self.assertEqual(record["logits"][0][1:], [inf, -inf])

    def test_each_line_is_flushed(self):
        w = LossLensWriter(self.path)
        try:
            with open(self.path, encoding="utf-8") as reader:
                self.assertEqual(len(reader.read().splitlines()), 1, "header flushed on creation")
                for step in range(3):
                    w.log(step, logits=[[0.5, 1.5]], targets=[1])
                    text = reader.read()  # what a tailing reader sees, the writer still open
                    self.assertTrue(text.endswith("\n"))
                    self.assertEqual(json.loads(text)["step"], step)
        finally:
            w.close()
        self.assertTrue(w.closed)
        w.close()  # again: nothing happens

    def test_exact_floats(self):
        values = [0.1, 1 / 3, 1e-300, -2.5e300, 5e-324]
        with LossLensWriter(self.path) as w:
            w.log(0, logits=values, targets=0, loss=1 / 7)
        record = self.records()[1]
        self.assertEqual(record["logits"], values)
        self.assertEqual(record["loss"], 1 / 7)

    def test_step_and_scalars(self):
        with LossLensWriter(self.path) as w:
            w.log(0, logits=[1.0, 2.0], targets=0, epoch=0.5, loss=1, time=10)
        record = self.records()[1]
        self.assertEqual((record["epoch"], record["loss"], record["time"]), (0.5, 1.0, 10))
        self.assertIsInstance(record["loss"], float)

    def test_bad_input(self):
        ok = dict(logits=[[1.0, 2.0], [3.0, 4.0]], targets=[0, 1])

        def without(*names, **changes):
            args = {k: v for k, v in ok.items() if k not in names}
            args.update(changes)
            return args

        cases = [
            ((-1,), ok, ValueError, "step: expected a non-negative integer"),
            ((1.0,), ok, TypeError, "step: expected an integer"),
            ((True,), ok, TypeError, "step: expected a number, got a bool"),
            (("3",), ok, TypeError, "step"),
            ((0,), without("logits"), ValueError, r"exactly one of logits=, probs=, log_probs= \(got none\)"),
            ((0,), without(probs=[[0.5, 0.5], [0.5, 0.5]]), ValueError, r"\(got logits and probs\)"),
            ((0,), without("targets"), ValueError, "targets: required"),
            ((0,), without(targets=[0]), ValueError, "targets: has 1 entries for 2 rows"),
            ((0,), without(targets=[0, 1, 1]), ValueError, "targets: has 3 entries for 2 rows"),
            ((0,), without(targets=1), ValueError, "single number for 2 rows"),
            ((0,), without(targets=[0, 2]), ValueError, r"entry 1 is 2, not a class index in \[0, 2\)"),
            ((0,), without(targets=[0, -1]), ValueError, "ignore_index -100"),
            ((0,), without(targets=[0, 0.5]), ValueError, "entry 1 is 0.5"),
            ((0,), without(targets=[0, "cat"]), ValueError, "entry 1 is 'cat'"),
            ((0,), without(targets=[[0.5, 0.5], [1.0]]), ValueError, "rows have 1/2 entries"),
            ((0,), without(targets=[[0.5, 0.5], 1]), ValueError, "mixes rows and single numbers"),
            ((0,), without(targets={"a": 1}), TypeError, "targets: expected"),
            ((0,), without(logits=[[1.0, 2.0], [3.0]]), ValueError, r"rows of different lengths \[1, 2\]"),
            ((0,), without(logits=[[1.0, 2.0], 3.0]), ValueError, "mixes rows"),
            ((0,), without(logits=[]), ValueError, "an empty list"),
            ((0,), without(logits=[[], []]), ValueError, "at least one class"),
            ((0,), without(logits=5.0), ValueError, "got float"),
            ((0,), without(logits=[[[1.0, 2.0]], [[3.0, 4.0]]]), ValueError, "2 dimensions"),
            ((0,), without(logits=[1.0, 2.0, 3.0], targets=[0, 1]), ValueError, "for one row of 3 outputs"),
            ((0,), without(split=""), ValueError, "split"),
            ((0,), without(split=None), ValueError, "split"),
            ((0,), without(ids=["a"]), ValueError, "ids: expected 2 identifiers"),
            ((0,), without(ids="ab"), ValueError, "ids: expected 2 identifiers"),
            ((0,), without(loss="0.5"), TypeError, "loss: expected a number"),
            ((0,), without(loss=[0.5, 0.5]), TypeError, "loss: expected a number"),
            ((0,), without(epoch="one"), TypeError, "epoch"),
            ((0,), without(logits=[[1.0, object()], [1.0, 2.0]]), TypeError, "cannot write a value of type object"),
            ((0,), without(ids=[object(), 1]), TypeError, "cannot write"),
        ]
        with LossLensWriter(self.path) as w:
            for args, kwargs, error, message in cases:
                with self.subTest(args=args, kwargs=kwargs):
                    with self.assertRaisesRegex(error, message):
                        w.log(*args, **kwargs)
            w.log(0, **ok)
        self.assertEqual(len(self.lines()), 2, "a refused record writes nothing")
        with self.assertRaisesRegex(ValueError, "closed"):
            w.log(1, **ok)
        with self.assertRaises(TypeError):
            w.log(0, [[1.0, 2.0]], [0])  # everything but step is by keyword

    def test_bad_input_multilabel(self):
        with LossLensWriter(self.path, task="multilabel", classes=["a", "b"]) as w:
            with self.assertRaisesRegex(ValueError, "log_probs are for multiclass"):
                w.log(0, log_probs=[[-0.1, -0.2]], targets=[[1, 0]])
            with self.assertRaisesRegex(ValueError, "needs N rows of C target values"):
                w.log(0, logits=[[1.0, 2.0], [3.0, 4.0]], targets=[0, 1])
            with self.assertRaisesRegex(ValueError, "rows have 3 entries, expected 2"):
                w.log(0, logits=[[1.0, 2.0]], targets=[[1, 0, 1]])
            with self.assertRaisesRegex(ValueError, "rows have 1 entries, expected 2"):
                w.log(0, logits=[1.0, 2.0], targets=[1])
            with self.assertRaisesRegex(ValueError, "single number for a multilabel row"):
                w.log(0, logits=[1.0, 2.0], targets=1)
            with self.assertRaisesRegex(ValueError, "rows have 3 entries but the run has 2 classes"):
                w.log(0, logits=[[1.0, 2.0, 3.0]], targets=[[1, 0, 1]])
        self.assertEqual(len(self.lines()), 1)

    def test_lists_of_rows_of_other_types(self):
        class Row:  # something with tolist(), as a tensor row would be
            def __init__(self, values):
                self.values = values

            def tolist(self):
                return list(self.values)

        with LossLensWriter(self.path) as w:
            w.log(0, logits=[Row([1.0, 2.0]), Row([3.0, 4.0])], targets=[0, 1])
            with self.assertRaisesRegex(ValueError, "targets: has 1 entries for 2 rows"):
                w.log(0, logits=[Row([1.0, 2.0]), Row([3.0, 4.0])], targets=[0])
        self.assertEqual(self.records()[1]["logits"], [[1.0, 2.0], [3.0, 4.0]])

    def test_thread_safety(self):
        import threading
        with LossLensWriter(self.path) as w:
            def work(k):
                for step in range(50):
                    w.log(step, logits=[[float(k)] * 20] * 20, targets=[0] * 20, split="s%d" % k)
            threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        records = self.records()[1:]
        self.assertEqual(len(records), 200)
        for r in records:
            self.assertEqual(r["split"], "s%d" % int(r["logits"][0][0]))


@needs_numpy
class NumpyTest(Base):
    def test_arrays_and_scalars(self):
        logits = np.array([[0.1, 0.2, 0.7], [1.5, -2.0, np.nan]], dtype=np.float32)
        targets = np.array([2, 0], dtype=np.int64)
        with LossLensWriter(self.path, classes=np.array(["a", "b", "c"]),
                            loss={"weight": np.array([1.0, 2.0, 0.5]), "ignore_index": np.int64(-1)}) as w:
            w.log(np.int64(5), logits=logits, targets=targets, loss=np.float32(0.25), epoch=np.int32(1),
                  ids=np.arange(2), time=np.float64(12.5))
            w.log(6, probs=np.array([0.2, 0.3, 0.5]), targets=np.int64(1))
            w.log(7, logits=[np.float32(1.0), np.float32(2.0), np.float32(3.0)],  # numpy scalars in a list
                  targets=[np.int64(2)])
            w.log(8, logits=np.zeros((2, 3), np.float16), targets=np.array([[0.5, 0.5, 0.0], [0, 0, 1.0]]))
            with self.assertRaisesRegex(ValueError, "single number"):
                w.log(9, logits=logits, targets=targets, loss=np.array([0.1, 0.2]))
            with self.assertRaisesRegex(ValueError, "entry 0 is 3"):
                w.log(9, logits=logits, targets=np.array([3, 0]))
        header, a, b, c, d = self.records()
        self.assertEqual(header["classes"], ["a", "b", "c"])
        self.assertEqual(header["loss"], {"weight": [1.0, 2.0, 0.5], "ignore_index": -1})
        self.assertEqual(a["step"], 5)
        self.assertEqual(a["logits"][0], [float(x) for x in logits[0]])  # float32 values, exactly
        self.assertTrue(math.isnan(a["logits"][1][2]))
        self.assertIn("NaN", self.lines()[1])
        self.assertEqual((a["targets"], a["loss"], a["epoch"], a["ids"], a["time"]), ([2, 0], 0.25, 1, [0, 1], 12.5))
        self.assertEqual((b["probs"], b["targets"]), ([0.2, 0.3, 0.5], 1))
        self.assertEqual(c["logits"], [1.0, 2.0, 3.0])
        self.assertEqual(c["targets"], [2])
        self.assertEqual(d["logits"], [[0.0] * 3] * 2)

    def test_bool_targets_become_numbers(self):
        with LossLensWriter(self.path, task="multilabel") as w:
            w.log(0, logits=np.array([[1.0, -1.0]]), targets=np.array([[True, False]]))
        self.assertIn('"targets":[[1,0]]', self.lines()[1])


@needs_torch
class TorchTest(Base):
    def test_tensors(self):
        torch.manual_seed(0)
        model = torch.nn.Linear(5, 3)
        x = torch.randn(4, 5)
        y = torch.tensor([0, 2, 1, 2], dtype=torch.int64)
        logits = model(x)  # float32, requires grad
        self.assertTrue(logits.requires_grad)
        loss = F.cross_entropy(logits, y, label_smoothing=0.1)
        with LossLensWriter(self.path, classes=["a", "b", "c"],
                            loss={"weight": torch.ones(3), "label_smoothing": torch.tensor(0.1)}) as w:
            w.log(torch.tensor(3), logits=logits, targets=y, loss=loss, epoch=torch.tensor(1),
                  ids=torch.arange(4))
            w.log(4, probs=torch.softmax(logits, -1).double()[0], targets=y[0], loss=loss.detach())
            w.log(5, log_probs=F.log_softmax(logits, -1).to(torch.bfloat16), targets=y.int())
            w.log(6, logits=list(logits), targets=list(y))  # a list of row tensors and 0-d tensors
            w.log(7, logits=logits.half(), targets=torch.softmax(torch.randn(4, 3), -1))
            with self.assertRaisesRegex(ValueError, "single number"):
                w.log(8, logits=logits, targets=y, loss=F.cross_entropy(logits, y, reduction="none"))
        loss.backward()  # the graph is untouched
        header, a, b, c, d, e = self.records()
        self.assertEqual(header["loss"], {"weight": [1.0, 1.0, 1.0], "label_smoothing": 0.10000000149011612})
        self.assertEqual(a["step"], 3)
        self.assertEqual(a["logits"], logits.detach().tolist())  # float32 values, exactly
        self.assertEqual(a["targets"], [0, 2, 1, 2])
        self.assertEqual(a["loss"], loss.item())
        self.assertEqual((a["epoch"], a["ids"]), (1, [0, 1, 2, 3]))
        self.assertEqual(b["targets"], 0)
        self.assertEqual(len(b["probs"]), 3)
        self.assertEqual(c["targets"], [0, 2, 1, 2])
        self.assertEqual(d["logits"], a["logits"])
        self.assertEqual(d["targets"], a["targets"])
        self.assertEqual(len(e["targets"]), 4)

    def test_multilabel_bool_targets_and_nonfinite(self):
        logits = torch.tensor([[1.0, float("nan")], [float("inf"), -float("inf")]], requires_grad=True)
        with LossLensWriter(self.path, task="multilabel", loss={"pos_weight": torch.tensor([2.0, 1.0])}) as w:
            w.log(0, logits=logits * 1, targets=torch.tensor([[True, False], [False, True]]),
                  loss=torch.tensor(float("nan")))
        line = self.lines()[1]
        self.assertIn('"logits":[[1.0,NaN],[Infinity,-Infinity]]', line)
        self.assertIn('"targets":[[1,0],[0,1]]', line)
        self.assertTrue(line.endswith('"loss":NaN}'))

    @unittest.skipUnless(torch is not None and torch.cuda.is_available(), "no CUDA device")
    def test_cuda_tensors(self):  # pragma: no cover
        logits = torch.randn(2, 3, device="cuda", requires_grad=True)
        with LossLensWriter(self.path) as w:
            w.log(0, logits=logits, targets=torch.tensor([0, 1], device="cuda"))
        self.assertEqual(self.records()[1]["logits"], logits.detach().cpu().tolist())


class DemoTest(Base):
    def test_demo_writes_a_run(self):
        demo = load_demo()
        demo.train(self.path, steps=25)
        header, *records = self.records()
        self.assertEqual(header["classes"], demo.CLASSES)
        train = [r for r in records if r["split"] == "train"]
        val = [r for r in records if r["split"] == "val"]
        self.assertEqual([r["step"] for r in train], list(range(25)))
        self.assertEqual([r["step"] for r in val], [0, 10, 20, 24])
        for r in train:
            self.assertEqual((len(r["logits"]), len(r["logits"][0]), len(r["targets"])), (16, 4, 16))
            self.assertAlmostEqual(r["loss"], demo.cross_entropy(r["logits"], r["targets"]), places=15)
        self.assertLess(val[-1]["loss"], val[0]["loss"])

    def test_demo_command_line(self):
        run = subprocess.run(
            [sys.executable, "-B", os.path.join(HERE, "examples", "train_demo.py"), self.path, "--steps", "12", "--sum-loss"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60,
        )
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("wrote 12 steps", run.stdout)
        records = self.records()[1:]
        self.assertEqual(len(records), 15)  # 12 train, val at 0, 10, 11
        demo = load_demo()
        first = records[0]
        self.assertAlmostEqual(first["loss"], 16 * demo.cross_entropy(first["logits"], first["targets"]), places=12)

    def test_demo_loss_is_stable_for_huge_logits(self):
        demo = load_demo()
        self.assertAlmostEqual(demo.cross_entropy([[1000.0, 0.0], [0.0, -1000.0]], [0, 0]), 0.0, places=15)
        self.assertEqual(demo.cross_entropy([[1000.0, 0.0]], [1]), 1000.0)

    @needs_torch
    def test_demo_loss_matches_pytorch(self):
        demo = load_demo()
        demo.train(self.path, steps=40)
        records = self.records()[1:]
        self.assertEqual(len(records), 45)  # 40 train, val at 0, 10, 20, 30, 39
        for r in records:
            expected = F.cross_entropy(torch.tensor(r["logits"], dtype=torch.float64), torch.tensor(r["targets"])).item()
            self.assertLess(abs(r["loss"] - expected), 1e-9, (r["step"], r["split"]))


if __name__ == "__main__":
    unittest.main()
