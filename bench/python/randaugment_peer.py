#!/usr/bin/env python3
"""Peer for RandAugmentThroughput: torchvision's RandAugment(2, 9) on uint8 CHW tensors, one thread.

Prints one JSON line: {"size": S, "images": K, "seconds": T, "images_per_second": K / T}.
The images are a fixed synthetic set (torch.Generator seeded 0); one warm-up pass is not timed.
"""
import argparse
import json
import time

import torch
from torchvision import transforms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--images", type=int, default=1000)
    ap.add_argument("--n", type=int, default=2)
    ap.add_argument("--m", type=int, default=9)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (a.images, 3, a.size, a.size), dtype=torch.uint8, generator=g)
    ra = transforms.RandAugment(num_ops=a.n, magnitude=a.m)
    for i in range(min(50, a.images)):
        ra(images[i])
    t0 = time.perf_counter()
    check = 0
    for i in range(a.images):
        check += int(ra(images[i])[0, 0, 0])
    t = time.perf_counter() - t0
    print(json.dumps({"size": a.size, "images": a.images, "seconds": t,
                      "images_per_second": a.images / t, "check": check}))


if __name__ == "__main__":
    main()
