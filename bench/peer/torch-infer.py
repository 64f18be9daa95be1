#!/usr/bin/env python3
"""The PyTorch peer for single-frame inference: batch 1, eval mode, no gradients.

Usage: torch-infer.py ARCH COUNT   (one thread, as the sorter's wasm backend has)
Prints {"medianMs": …, "p99Ms": …} as JSON.
"""
import json
import sys
import time

import torch

from torch_nets import NETS


def main():
    arch, count = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1)
    if arch not in NETS:
        sys.exit(f'no PyTorch build of {arch}; torch_nets.py builds {", ".join(NETS)}')
    model = NETS[arch]().eval()
    x = torch.rand(1, 1, 28, 28)
    times = []
    with torch.no_grad():
        for _ in range(20):
            torch.softmax(model(x), 1).tolist()
        for _ in range(count):
            start = time.perf_counter()
            torch.softmax(model(x), 1).tolist()
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(json.dumps({'medianMs': times[len(times) // 2], 'p99Ms': times[min(len(times) - 1, int(len(times) * 0.99))]}))


if __name__ == '__main__':
    main()
