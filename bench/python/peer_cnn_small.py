#!/usr/bin/env python3
"""Peer for Pupil's training-throughput benchmark: the same cnn-small network, optimizer and batch
size in Debian's python3-torch, set up at its best (2 threads; OpenBLAS pthread installed).

Run with Debian's /usr/bin/python3. Prints one JSON line:
{"images_per_second": ..., "images": ..., "seconds": ..., "torch": ..., "threads": ..., "peak_rss_bytes": ...}

Usage: peer_cnn_small.py --data DIR [--images 10000] [--batch 128] [--epochs 1] [--seed 1]
With --epochs > 1 it trains that many epochs over --images images (for the RSS comparison).
"""
import argparse
import gzip
import json
import resource
import struct
import time

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 0x803:
        h, w = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, 1, h, w)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def peak_rss():
    """This process's own peak RSS (VmHWM). ru_maxrss would include a parent JVM's: on Linux it
    survives fork + exec."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cnn_small(classes=10):
    """Same layers as Pupil's cnn-small: 2 x (conv3x3 pad1, BN, ReLU, maxpool2), FC128, ReLU, dropout, FC."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, classes))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = read_idx(f"{a.data}/train-images-idx3-ubyte.gz")[: a.images]
    y = read_idx(f"{a.data}/train-labels-idx1-ubyte.gz")[: a.images]
    mean, std = x.mean() / 255.0, x.std() / 255.0
    xs = torch.from_numpy(((x.astype(np.float32) / 255.0) - mean) / std)
    ys = torch.from_numpy(y.astype(np.int64))
    model = cnn_small()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    g = torch.Generator().manual_seed(a.seed)
    seen = 0
    per_epoch = []
    t_all = time.perf_counter()
    for _ in range(a.epochs):
        perm = torch.randperm(len(xs), generator=g)
        t0 = time.perf_counter()
        n = 0
        for s in range(0, len(xs) - 1, a.batch):
            idx = perm[s : s + a.batch]
            if len(idx) < 2:
                continue
            opt.zero_grad(set_to_none=True)
            out = model(xs[idx])
            loss = loss_fn(out, ys[idx])
            loss.backward()
            opt.step()
            n += len(idx)
        per_epoch.append(n / (time.perf_counter() - t0))
        seen += n
    seconds = time.perf_counter() - t_all
    print(json.dumps({
        "images_per_second": seen / seconds,
        "per_epoch_images_per_second": per_epoch,
        "images": seen,
        "seconds": seconds,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "peak_rss_bytes": peak_rss(),
    }))


if __name__ == "__main__":
    main()
