"""Loss Lens writer: log a training run's raw outputs and targets for the Loss Lens extension.

Copy this one file next to your training script (standard library only, Python >= 3.8). It
writes the Loss Lens log format, version 1: JSON Lines, a header line, then one record per
logged batch holding the model's outputs (logits, probabilities or log-probabilities) and the
targets. Loss Lens recomputes the loss from them with PyTorch's semantics and shows what it is
made of (entropy of the targets + KL, per-class probabilities, per-neuron BCE, ...).

Name the file ``*.losslens.jsonl``: that is how the extension finds it. Every line is flushed
as it is written, so the extension can follow a run live.

Usage in a PyTorch training loop::

    import torch.nn.functional as F
    from loss_lens import LossLensWriter

    with LossLensWriter("runs/exp1.losslens.jsonl", classes=["cat", "dog", "bird"],
                        loss={"label_smoothing": 0.1}) as lens:
        for step, (x, y) in enumerate(loader):
            logits = model(x)
            loss = F.cross_entropy(logits, y, label_smoothing=0.1)
            loss.backward(); opt.step(); opt.zero_grad()
            if step % 10 == 0:   # log every batch if you like; a line is cheap
                lens.log(step, logits=logits, targets=y, loss=loss, epoch=epoch)
            if step % 100 == 0:
                with torch.no_grad():
                    xv, yv = next(iter(val_loader))
                    lens.log(step, logits=model(xv), targets=yv, split="val")

Multi-label (independent sigmoids, ``F.binary_cross_entropy_with_logits``)::

    lens = LossLensWriter("tags.losslens.jsonl", task="multilabel", classes=tag_names,
                          loss={"pos_weight": pos_weight})
    lens.log(step, logits=logits, targets=y)          # y: N rows of C values in [0, 1]

Outputs and targets may be nested Python lists, numbers, numpy arrays or torch tensors (any
device, any float dtype, ``requires_grad`` is fine: they are detached and copied to the CPU).
Neither numpy nor torch is imported by this module. ``loss`` is the loss your code computed for
the batch (a float or a 0-d tensor); Loss Lens flags a step where it differs from the
recomputed mean loss, which catches a wrong reduction or probabilities passed as logits.

Reopening an existing log appends to it (a resumed run); the header is written only once. Write
one file per process in distributed training (e.g. ``run.rank3.losslens.jsonl``): records that
share a step and split are merged when the files are read together.
"""

import json
import math
import numbers
import operator
import os
import threading
import time as _time
import warnings

__all__ = ["LossLensWriter", "FORMAT_VERSION", "FILE_SUFFIX"]

FORMAT_VERSION = 1
FILE_SUFFIX = ".losslens.jsonl"

_TASKS = ("multiclass", "multilabel")
_OUTPUT_KINDS = ("logits", "probs", "log_probs")
_LOSS_OPTIONS = {
    "multiclass": ("weight", "ignore_index", "label_smoothing"),
    "multilabel": ("weight", "pos_weight"),
}
_DEFAULT_IGNORE_INDEX = -100
_SEPARATORS = (",", ":")


# --- turning tensors, arrays and lists into plain Python values -------------------------------


def _plain(value):
    """A torch tensor, numpy array or scalar as plain Python (nested lists of numbers); lists
    whose elements are tensors or numpy scalars element by element; anything else unchanged."""
    detach = getattr(value, "detach", None)
    if callable(detach):  # torch: drop the graph, then bring it to host memory
        value = detach()
        cpu = getattr(value, "cpu", None)
        if callable(cpu):
            value = cpu()
    if str(getattr(value, "dtype", "")) in ("torch.bool", "bool"):
        # true/false are not numbers in the log format: write 1/0.
        value = value.int() if callable(getattr(value, "int", None)) else value.astype("int8")
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    as_numpy = getattr(value, "numpy", None)  # e.g. TensorFlow eager tensors
    if callable(as_numpy):
        return _plain(as_numpy())
    if isinstance(value, (list, tuple)) and value:
        first = value[0]
        if not isinstance(first, (int, float, list, tuple, str)) or isinstance(first, bool):
            # A list of tensors (one per row) or of numpy scalars: convert each element.
            return [_plain(v) for v in value]
    if isinstance(value, bool):
        return int(value)
    return value


def _json_default(value):
    """json.dumps hook for what is left inside lists: numpy scalars, tensors, ..."""
    plain = _plain(value)
    if plain is value:
        raise TypeError(
            "Loss Lens cannot write a value of type %s; give numbers, (nested) lists, numpy "
            "arrays or torch tensors" % type(value).__name__
        )
    return plain


def _dumps(obj):
    return json.dumps(obj, allow_nan=True, separators=_SEPARATORS, default=_json_default)


def _number(value, name, integer=False):
    """A single number from a Python number, a numpy scalar or a one-element tensor."""
    if isinstance(value, bool):
        raise TypeError("%s: expected a number, got a bool" % name)
    if not isinstance(value, (int, float)):
        if callable(getattr(value, "detach", None)):
            value = value.detach()
        item = getattr(value, "item", None)
        if callable(item):
            try:
                value = item()
            except (ValueError, RuntimeError):
                raise ValueError(
                    "%s: expected a single number, got an array of shape %s (log the mean, "
                    "e.g. loss computed with reduction='mean')"
                    % (name, tuple(getattr(value, "shape", ())))
                ) from None
        elif isinstance(value, numbers.Real):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("%s: expected a number, got %s" % (name, type(value).__name__))
    if integer:
        if isinstance(value, float):
            raise TypeError("%s: expected an integer, got %r" % (name, value))
        return int(value)
    return value


def _vector(value, name):
    """A non-empty flat list of numbers (a loss option such as weight or pos_weight)."""
    value = _plain(value)
    if isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, list) or not value:
        raise ValueError("%s: expected a non-empty list of numbers, one per class" % name)
    for x in value:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise ValueError("%s: expected finite numbers, got %r" % (name, x))
    return value


def _describe(value):
    if isinstance(value, (list, tuple)):
        return "a list of %d" % len(value)
    return type(value).__name__


# --- the header --------------------------------------------------------------------------------


def _make_header(task, classes, loss):
    if task not in _TASKS:
        raise ValueError('task: expected "multiclass" or "multilabel", got %r' % (task,))
    if classes is not None:
        if isinstance(classes, str):
            raise TypeError("classes: expected a list of class names, got a string")
        classes = [str(name) for name in _plain(classes)]
        if not classes:
            raise ValueError("classes: expected at least one class name")
    options = None
    if loss is not None:
        if not isinstance(loss, dict):
            raise TypeError("loss: expected a dict of PyTorch loss options, got %s" % type(loss).__name__)
        known = _LOSS_OPTIONS[task]
        options = {}
        for key, value in loss.items():
            if key not in known:
                hint = ""
                if key == "reduction":
                    hint = " (Loss Lens always compares the mean loss: log loss with reduction='mean')"
                elif key in _LOSS_OPTIONS["multiclass"] + _LOSS_OPTIONS["multilabel"]:
                    hint = " (it is not an option of the %s loss)" % task
                raise ValueError(
                    "loss: %r is not a %s loss option; expected one of %s%s"
                    % (key, task, ", ".join(known), hint)
                )
            if value is None:  # PyTorch's own default, as in F.cross_entropy(weight=None)
                continue
            if key in ("weight", "pos_weight"):
                value = _vector(value, "loss." + key)
                if classes is not None and len(value) != len(classes):
                    raise ValueError(
                        "loss.%s: has %d entries for %d classes" % (key, len(value), len(classes))
                    )
            elif key == "ignore_index":
                value = _number(value, "loss.ignore_index", integer=True)
            else:  # label_smoothing
                value = float(_number(value, "loss.label_smoothing"))
                if not 0.0 <= value <= 1.0:
                    raise ValueError("loss.label_smoothing: expected a number in [0, 1], got %r" % value)
            options[key] = value
    header = {"format": "loss-lens", "version": FORMAT_VERSION, "task": task}
    if classes is not None:
        header["classes"] = classes
    if options:
        header["loss"] = options
    return header


def _existing_file(path):
    """(first non-blank line parsed, whether the file ends with a line break), or None for a
    file that is missing or blank."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return None
    with f:
        first = b""
        for line in f:
            if line.strip(b" \t\r\n\xef\xbb\xbf"):
                first = line
                break
        if not first:
            return None
        f.seek(-1, os.SEEK_END)
        ends_with_newline = f.read(1) == b"\n"
    try:
        parsed = json.loads(first.decode("utf-8-sig"))
    except ValueError:
        raise ValueError(
            "%s: exists and its first line is not JSON; it is not a Loss Lens log (refusing to "
            "append to it)" % path
        ) from None
    if not isinstance(parsed, dict):
        raise ValueError("%s: exists and its first line is not a JSON object; it is not a Loss Lens log" % path)
    return parsed, ends_with_newline


def _check_existing_header(path, existing, header, classes_given, loss_given):
    """The header the file already has, after checking it agrees with what the caller asked for."""
    if existing.get("format") != "loss-lens":
        # Records without a header: a multiclass run with default options.
        if header["task"] != "multiclass" or classes_given or loss_given:
            raise ValueError(
                "%s: exists without a header line (a multiclass run with default options); "
                "cannot append with task/classes/loss set. Write to a new file instead." % path
            )
        return {"format": "loss-lens", "version": FORMAT_VERSION, "task": "multiclass"}
    if existing.get("version") != FORMAT_VERSION:
        raise ValueError(
            "%s: is a Loss Lens log of version %r; this writer writes version %d"
            % (path, existing.get("version"), FORMAT_VERSION)
        )
    differences = []
    existing_task = existing.get("task", "multiclass")
    if existing_task != header["task"]:
        differences.append("task %r (asked for %r)" % (existing_task, header["task"]))
    if classes_given and existing.get("classes") != header.get("classes"):
        differences.append("classes %r (asked for %r)" % (existing.get("classes"), header.get("classes")))
    if loss_given and existing.get("loss", {}) != header.get("loss", {}):
        differences.append("loss %r (asked for %r)" % (existing.get("loss", {}), header.get("loss", {})))
    if differences:
        raise ValueError(
            "%s: already holds a run with %s. Appending would mix two runs in one log; write to a "
            "new file or pass the same settings." % (path, "; ".join(differences))
        )
    return existing


# --- the writer --------------------------------------------------------------------------------


class LossLensWriter:
    """Writes a Loss Lens log (format version 1) to ``path``, appending if it exists.

    ``task``: ``"multiclass"`` (softmax, ``F.cross_entropy``) or ``"multilabel"`` (independent
    sigmoids, ``F.binary_cross_entropy_with_logits``). ``classes``: optional class (or neuron)
    names, in order. ``loss``: optional dict of the loss options your training uses, named as in
    PyTorch: multiclass ``weight``, ``ignore_index``, ``label_smoothing``; multilabel ``weight``
    (one per neuron), ``pos_weight``. Values may be lists or tensors.

    A new or empty file gets the header line. An existing log is appended to: its header must
    agree (same task, and the same classes and loss options where given here), otherwise
    ``ValueError``. Use it as a context manager, or call ``close()``.
    """

    def __init__(self, path, task="multiclass", classes=None, loss=None):
        self.path = os.fspath(path)
        header = _make_header(task, classes, loss)
        if not str(self.path).endswith(FILE_SUFFIX):
            warnings.warn(
                "%s: Loss Lens finds logs by their name, *%s" % (self.path, FILE_SUFFIX), stacklevel=2
            )
        existing = _existing_file(self.path)
        prefix = ""
        if existing is None:
            prefix = _dumps(header) + "\n"
        else:
            parsed, ends_with_newline = existing
            header = _check_existing_header(self.path, parsed, header, classes is not None, loss is not None)
            if not ends_with_newline:
                prefix = "\n"  # a line cut short by a crash stays a line of its own
        self.header = header
        self.task = header.get("task", "multiclass")
        self.classes = header.get("classes")
        options = header.get("loss", {})
        self._ignore_index = options.get("ignore_index", _DEFAULT_IGNORE_INDEX)
        self._lock = threading.Lock()
        directory = os.path.dirname(self.path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        self._file = open(self.path, "a", encoding="utf-8", newline="\n")
        if prefix:
            self._file.write(prefix)
            self._file.flush()

    # -- context manager and closing --

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Closes the file. Calling it again does nothing."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    @property
    def closed(self):
        return self._file is None

    def __repr__(self):
        return "LossLensWriter(%r, task=%r%s)" % (self.path, self.task, ", closed" if self.closed else "")

    # -- records --

    def log(self, step, *, logits=None, probs=None, log_probs=None, targets=None, split="train",
            ids=None, loss=None, epoch=None, time=None):
        """Writes one record: the outputs of a batch and its targets, at training step ``step``.

        Give exactly one of ``logits`` (raw scores), ``probs`` (after softmax or sigmoid) or
        ``log_probs`` (after log_softmax; multiclass only), as N rows of C numbers (or one row
        of C for a single example). ``targets``: multiclass, N class indices (or N rows of C
        probabilities); multilabel, N rows of C values in [0, 1]. ``split``: a series name such
        as "train" or "val". ``ids``: N example identifiers (strings or numbers). ``loss``: the
        mean loss your code computed. ``epoch``: a number. ``time``: Unix seconds, default now.
        """
        step = _number(step, "step", integer=True)
        if step < 0:
            raise ValueError("step: expected a non-negative integer, got %d" % step)
        given = [(k, v) for k, v in (("logits", logits), ("probs", probs), ("log_probs", log_probs)) if v is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of logits=, probs=, log_probs= (got %s)"
                % (" and ".join(k for k, _ in given) or "none")
            )
        kind, outputs = given[0]
        if kind == "log_probs" and self.task == "multilabel":
            raise ValueError("log_probs are for multiclass runs; give logits= or probs= for a multilabel run")
        if targets is None:
            raise ValueError("targets: required (the class indices or target rows of the batch)")
        if not isinstance(split, str) or not split:
            raise ValueError("split: expected a non-empty name such as 'train' or 'val', got %r" % (split,))

        outputs = _plain(outputs)
        rows, columns, batched = self._shape(outputs, kind)
        targets = _plain(targets)
        self._check_targets(targets, rows, columns, batched)

        record = {"step": step, "split": split}
        if epoch is not None:
            record["epoch"] = _number(epoch, "epoch")
        record["time"] = _time.time() if time is None else _number(time, "time")
        record[kind] = outputs
        record["targets"] = targets
        if ids is not None:
            ids = _plain(ids)
            if isinstance(ids, (str, int, float)) and not batched:
                ids = [ids]
            if not isinstance(ids, (list, tuple)) or len(ids) != rows:
                raise ValueError("ids: expected %d identifiers, one per row, got %s" % (rows, _describe(ids)))
            record["ids"] = ids
        if loss is not None:
            record["loss"] = float(_number(loss, "loss"))

        line = _dumps(record) + "\n"  # built in full first: a failure writes nothing
        with self._lock:
            if self._file is None:
                raise ValueError("%s: the writer is closed" % self.path)
            self._file.write(line)
            self._file.flush()

    def _shape(self, outputs, kind):
        """(N, C, batched) of N rows of C numbers, or of one row of C numbers."""
        if not isinstance(outputs, (list, tuple)) or not outputs:
            raise ValueError(
                "%s: expected N rows of C numbers (or one row of C numbers), got %s"
                % (kind, "an empty list" if isinstance(outputs, (list, tuple)) else type(outputs).__name__)
            )
        first = outputs[0]
        if isinstance(first, (list, tuple)):
            if first and isinstance(first[0], (list, tuple)):
                raise ValueError(
                    "%s: expected 2 dimensions (N, C), got more; for sequence or per-pixel outputs "
                    "of shape (N, C, d...) log x.movedim(1, -1).reshape(-1, C) and targets.reshape(-1)"
                    % kind
                )
            columns = len(first)
            try:
                lengths = set(map(len, outputs))
            except TypeError:
                raise ValueError("%s: mixes rows and single numbers" % kind) from None
            if len(lengths) != 1:
                raise ValueError("%s: rows of different lengths %s" % (kind, sorted(lengths)))
            rows, batched = len(outputs), True
        else:
            rows, columns, batched = 1, len(outputs), False
        if columns == 0:
            raise ValueError("%s: a row needs at least one class" % kind)
        if self.classes is not None and columns != len(self.classes):
            raise ValueError(
                "%s: rows have %d entries but the run has %d classes" % (kind, columns, len(self.classes))
            )
        return rows, columns, batched

    def _check_targets(self, targets, rows, columns, batched):
        multilabel = self.task == "multilabel"
        if isinstance(targets, (list, tuple)):
            if batched:
                if len(targets) != rows:
                    raise ValueError(
                        "targets: has %d entries for %d rows of outputs" % (len(targets), rows)
                    )
                row_targets = isinstance(targets[0], (list, tuple))
            else:
                # One example: a row of C target values, or (multiclass) a one-element list.
                row_targets = multilabel or len(targets) == columns != 1
                if not row_targets and len(targets) != 1:
                    raise ValueError(
                        "targets: has %d entries for one row of %d outputs (give one class index, "
                        "or %d target values)" % (len(targets), columns, columns)
                    )
                if row_targets:
                    targets = [targets]
            if row_targets:
                try:
                    lengths = set(map(len, targets))
                except TypeError:
                    raise ValueError("targets: mixes rows and single numbers") from None
                if lengths != {columns}:
                    raise ValueError(
                        "targets: rows have %s entries, expected %d like the outputs"
                        % ("/".join(map(str, sorted(lengths))), columns)
                    )
            elif multilabel:
                raise ValueError(
                    "targets: a multilabel run needs N rows of C target values (0/1), got one "
                    "number per row; for class indices use task='multiclass'"
                )
            else:
                self._check_indices(targets, columns)
        elif isinstance(targets, (int, float)) and not isinstance(targets, bool):
            if batched or multilabel:
                raise ValueError(
                    "targets: got a single number for %s" % ("%d rows of outputs" % rows if batched else "a multilabel row")
                )
            self._check_indices([targets], columns)
        else:
            raise TypeError("targets: expected numbers, lists, arrays or tensors, got %s" % type(targets).__name__)

    def _check_indices(self, targets, columns):
        ignore = self._ignore_index
        for i, t in enumerate(targets):
            try:
                ok = t == ignore or (0 <= t < columns and t == int(t))
            except (TypeError, ValueError, OverflowError):
                ok = False
            if not ok:
                raise ValueError(
                    "targets: entry %d is %r, not a class index in [0, %d) nor ignore_index %d"
                    % (i, t, columns, ignore)
                )
