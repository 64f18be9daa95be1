#!/usr/bin/env python3
"""The PyTorch peer for `npm run bench`: training images/s of the same nets, same batch, Adam.

Usage: torch-train.py ARCH BATCH THREADS SECONDS   (ARCH: cnn | sorter | sorter-wide | resnet14 | resnet20)
Prints {"imagesPerSecond": …, "groups": …, "torch": "<version>"} as JSON. Bench-only: the sorter
never needs PyTorch (Debian's python3-torch).
"""
import json
import statistics
import sys
import time

import torch
from torch import nn

from torch_nets import NETS


def main():
    arch, batch, threads, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = NETS[arch]()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    xs = torch.rand(batch, 1, 28, 28)
    ys = torch.randint(0, 10, (batch,))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(xs), ys)
        loss.backward()
        optimizer.step()

    step()
    # As the tfjs bench does: steps in 1-second groups until the budget is spent, the median group rate.
    rates, deadline = [], time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        start, images = time.perf_counter(), 0
        while True:
            step()
            images += batch
            if time.perf_counter() - start >= 1:
                break
        rates.append(images / (time.perf_counter() - start))
    print(json.dumps({'imagesPerSecond': statistics.median(rates), 'groups': len(rates), 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
