#!/usr/bin/python3
"""The Python baseline of the ingest benchmark: read a Loss Lens log with json.loads and compute
each record's F.cross_entropy (float64, one thread), as a Python script following a run would.
Prints {"seconds", "peak_rss_mb", "records"} as JSON."""
import json, resource, sys, time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
start = time.perf_counter()
records = 0
with open(sys.argv[1]) as f:
    for line in f:
        value = json.loads(line)
        if value.get("format") == "loss-lens":
            continue
        logits = torch.tensor(value["logits"], dtype=torch.float64)
        targets = torch.tensor(value["targets"])
        F.cross_entropy(logits, targets).item()
        records += 1
seconds = time.perf_counter() - start


def peak_rss_mb():
    # VmHWM is reset at exec; getrusage's maxrss carries the parent's peak over on Linux.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "records": records}))
