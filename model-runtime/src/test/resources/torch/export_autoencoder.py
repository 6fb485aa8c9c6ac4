"""Trains a tiny autoencoder in PyTorch and exports it with torch.onnx.export, as a data scientist would.

Usage: export_autoencoder.py NORMAL_WINDOWS_CSV OUT.onnx FEATURES {score|fixed-batch|reconstruction}

NORMAL_WINDOWS_CSV holds one standardized window per line (FEATURES floats). The exported graph takes
[batch, FEATURES] and returns, per mode: score = the mean squared reconstruction error as [batch, 1] with a dynamic
batch axis; fixed-batch = the same without dynamic axes (PyTorch's default, batch fixed at 1); reconstruction = the
reconstruction itself [batch, FEATURES].
"""
import sys

import torch

normal_csv, out, features, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [[float(v) for v in line.split(",")] for line in open(normal_csv) if line.strip()]
x = torch.tensor(rows, dtype=torch.float32)
torch.manual_seed(7)


class Autoencoder(torch.nn.Module):
    def __init__(self, n, score):
        super().__init__()
        self.encode = torch.nn.Sequential(torch.nn.Linear(n, 4), torch.nn.Tanh())
        self.decode = torch.nn.Linear(4, n)
        self.score = score

    def forward(self, windows):
        reconstruction = self.decode(self.encode(windows))
        if not self.score:
            return reconstruction
        return ((windows - reconstruction) ** 2).mean(dim=1, keepdim=True)


model = Autoencoder(features, mode != "reconstruction")
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(300):
    optimizer.zero_grad()
    loss = ((x - model.decode(model.encode(x))) ** 2).mean()
    loss.backward()
    optimizer.step()
model.eval()
example = x[:1]
if mode == "fixed-batch":
    torch.onnx.export(model, example, out, input_names=["x"], output_names=["score"], opset_version=13)
else:
    torch.onnx.export(
        model,
        example,
        out,
        input_names=["x"],
        output_names=["score"],
        dynamic_axes={"x": {0: "batch"}, "score": {0: "batch"}},
        opset_version=13,
    )
print("loss %.6f" % loss.item())
