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


class BasicBlock(nn.Module):
    # conv → BN → ReLU → conv → BN, plus the input (through a 1×1 conv → BN where the width grows), → ReLU.
    def __init__(self, channels, width):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
            nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width))
        self.shortcut = nn.Identity() if channels == width else nn.Sequential(nn.Conv2d(channels, width, 1, bias=False), nn.BatchNorm2d(width))
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.body(x) + self.shortcut(x))


def resnet(widths, blocks, pool_stem=False):
    # src/model/residual-net.ts: a conv → BN → ReLU stem (max-pooled for the wide net), stages of
    # basic blocks joined by max-pooling (`same`: ceil), global average pooling → Dense 10.
    layers, channels = [nn.Conv2d(1, widths[0], 3, padding=1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU()], widths[0]
    if pool_stem:
        layers.append(nn.MaxPool2d(2, ceil_mode=True))
    for stage, w in enumerate(widths):
        if stage > 0:
            layers.append(nn.MaxPool2d(2, ceil_mode=True))
        for _ in range(blocks):
            layers.append(BasicBlock(channels, w))
            channels = w
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, 10)]
    return nn.Sequential(*layers)


NETS = {
    'cnn': cnn, 'sorter': lambda: sorter([32, 64, 128]), 'sorter-wide': lambda: sorter([48, 96, 192]),
    'resnet14': lambda: resnet([16, 32, 64], 2), 'resnet20': lambda: resnet([16, 32, 64], 3),
    'wide-resnet14': lambda: resnet([32, 64, 128], 2, pool_stem=True),
}
