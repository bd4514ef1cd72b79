#!/usr/bin/python3
"""Makes the TorchScript test fixture of Pupil's transfer tests (issue 5).

A tiny CNN "trained elsewhere": 1x12x12 gray input, conv-BN-ReLU-pool, conv-ReLU, global average
pool to 8 features, and a 3-class linear classifier `fc`. It is trained briefly on synthetic bar
images (class k = a bright band at rows 4k..4k+3), then exported with torch.jit.script (not trace:
trace bakes in eval-mode batch norm). `forward` returns the 3 logits; the exported method
`features` returns the 8 features before `fc`, so Pupil can replace the head or append one.

It also writes the logits and features of a fixed input, so that the Java test can check that
DJL's PyTorch engine computes what PyTorch computed.

Run with Debian's python3-torch: /usr/bin/python3 scripts/make_torchscript_fixture.py
Writes core/src/test/resources/dev/pupil/transfer/tiny-cnn.pt and tiny-cnn-expected.json.
"""
import json
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "dev",
                   "pupil", "transfer")


class TinyCnn(nn.Module):
    def __init__(self, classes: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.fc = nn.Linear(8, classes)

    @torch.jit.export
    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
        x = torch.relu(self.conv2(x))
        return torch.flatten(torch.mean(x, dim=(2, 3), keepdim=True), 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x))


def bars(n: int, gen: torch.Generator):
    y = torch.arange(n) % 3
    x = torch.rand(n, 1, 12, 12, generator=gen) * 0.25
    for i in range(n):
        k = int(y[i])
        x[i, 0, 4 * k:4 * k + 4, :] += 0.6
    return (x - 0.3) / 0.3, y


def fixed_input() -> torch.Tensor:
    # Exactly representable values, so Java builds the same tensor.
    v = torch.arange(2 * 144, dtype=torch.float32).reshape(2, 1, 12, 12)
    return (v % 17) / 8.0 - 1.0


def main():
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    net = TinyCnn()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    for _ in range(60):
        x, y = bars(32, gen)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    scripted = torch.jit.script(net)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "tiny-cnn.pt")
    scripted.save(path)
    x = fixed_input()
    with torch.no_grad():
        expected = {
            "torch": torch.__version__,
            "finalTrainLoss": float(loss),
            "input": "((arange(288) % 17) / 8 - 1) as 2x1x12x12",
            "logits": scripted(x).tolist(),
            "features": scripted.features(x).tolist(),
        }
    with open(os.path.join(OUT, "tiny-cnn-expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(path, os.path.getsize(path), "bytes; loss", float(loss))


if __name__ == "__main__":
    main()
