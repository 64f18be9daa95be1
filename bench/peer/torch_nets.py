"""The sorter's nets in PyTorch, layer for layer, for the bench's peer comparisons."""
from torch import nn


def cnn():
    # The tutorial's Conv32 → MaxPool → Conv64 → MaxPool → Dense 128 → Dense 10, `same` padding.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def sorter(widths):
    # src/model/architectures.ts: conv (no bias) → max-pool (`same`: ceil) → BatchNorm → ReLU, three
    # times, then Dense 128 (no bias) → BatchNorm → ReLU → Dense 10.
    layers, channels, size = [], 1, 28
    for w in widths:
        layers += [nn.Conv2d(channels, w, 3, padding=1, bias=False), nn.MaxPool2d(2, ceil_mode=True), nn.BatchNorm2d(w), nn.ReLU()]
        channels, size = w, (size + 1) // 2
    layers += [nn.Flatten(), nn.Linear(channels * size * size, 128, bias=False), nn.BatchNorm1d(128), nn.ReLU(), nn.Linear(128, 10)]
    return nn.Sequential(*layers)


NETS = {'cnn': cnn, 'sorter': lambda: sorter([32, 64, 128]), 'sorter-wide': lambda: sorter([48, 96, 192])}
