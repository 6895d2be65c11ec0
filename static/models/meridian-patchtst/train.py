"""Train Meridian's small PatchTST forecaster and export it to ONNX for transformers.js.

    npx tsx static/models/meridian-patchtst/make-training-data.ts build-training
    /usr/bin/python3 static/models/meridian-patchtst/train.py build-training static/models/meridian-patchtst

Debian's python3-torch (1.13) and python3-onnx. Architecture (PatchTST, Nie et al. 2023,
channel-independent): per-window instance normalisation (RevIN without affine), non-overlapping
patches of 24 steps over a 576-step context (24 patches), linear patch embedding plus a
learned position embedding, 2 pre-norm Transformer encoder layers (d_model 64, 4 heads,
feed-forward 128), a flatten head to 288 steps, then de-normalisation. Loss: mean absolute
error on the normalised scale (it matches the MASE the evaluation reports).
Inputs `past_values` [batch, 576, channels] float32; output `prediction_outputs`
[batch, 288, channels]. Fixed seed; 1 CPU thread (the machine is shared).
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

CONTEXT = 576
HORIZON = 288
PATCH = 24
D_MODEL = 64
HEADS = 4
LAYERS = 2
FF = 128


class PatchTST(nn.Module):
    def __init__(self):
        super().__init__()
        self.patches = CONTEXT // PATCH
        self.embed = nn.Linear(PATCH, D_MODEL)
        self.position = nn.Parameter(torch.randn(1, self.patches, D_MODEL) * 0.02)
        layer = nn.TransformerEncoderLayer(D_MODEL, HEADS, FF, dropout=0.1, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, LAYERS)
        self.norm = nn.LayerNorm(D_MODEL)
        self.head = nn.Linear(self.patches * D_MODEL, HORIZON)

    def forward(self, past_values):
        batch = past_values.shape[0]
        channels = past_values.shape[2]
        x = past_values.permute(0, 2, 1).reshape(batch * channels, CONTEXT)
        loc = x.mean(dim=1, keepdim=True)
        scale = torch.sqrt(x.var(dim=1, keepdim=True, unbiased=False) + 1e-5)
        x = (x - loc) / scale
        # Stride equals patch length, so patching is a reshape (torch 1.13 cannot export unfold
        # on a dynamic batch, and on a negative axis it exports patches out of order).
        x = x.reshape(batch * channels, self.patches, PATCH)
        h = self.embed(x) + self.position
        h = self.norm(self.encoder(h))
        y = self.head(h.reshape(batch * channels, self.patches * D_MODEL))
        y = y * scale + loc
        return y.reshape(batch, channels, HORIZON).permute(0, 2, 1)


def main():
    data_dir, out_dir = sys.argv[1], sys.argv[2]
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 6000
    torch.manual_seed(7)
    np.random.seed(7)
    torch.set_num_threads(1)
    data = np.fromfile(f"{data_dir}/series.f32", dtype=np.float32)
    index = json.load(open(f"{data_dir}/series.json"))
    windows = []
    for s in index:
        for start in range(0, s["length"] - CONTEXT - HORIZON + 1, 6):
            windows.append(s["offset"] + start)
    windows = np.array(windows)
    print(f"{len(index)} series, {len(windows)} training windows", flush=True)
    model = PatchTST()
    print("parameters", sum(p.numel() for p in model.parameters()), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=steps)
    span = np.arange(CONTEXT + HORIZON)
    started = time.time()
    model.train()
    for step in range(steps):
        pick = windows[np.random.randint(0, len(windows), 64)]
        batch = torch.from_numpy(data[pick[:, None] + span[None, :]])
        past, future = batch[:, :CONTEXT], batch[:, CONTEXT:]
        loc = past.mean(dim=1, keepdim=True)
        scale = torch.sqrt(past.var(dim=1, keepdim=True, unbiased=False) + 1e-5)
        pred = model(past.unsqueeze(-1)).squeeze(-1)
        loss = (torch.abs(pred - future) / scale).mean()
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 500 == 0 or step == steps - 1:
            print(f"step {step} loss {loss.item():.4f} {time.time() - started:.0f}s", flush=True)
    model.eval()
    dummy = torch.from_numpy(data[windows[0] : windows[0] + CONTEXT]).reshape(1, CONTEXT, 1)
    torch.onnx.export(
        model,
        (dummy,),
        f"{out_dir}/onnx/model.onnx",
        opset_version=14,
        input_names=["past_values"],
        output_names=["prediction_outputs"],
        dynamic_axes={"past_values": {0: "batch", 2: "channels"}, "prediction_outputs": {0: "batch", 2: "channels"}},
    )
    with torch.no_grad():
        ref = model(dummy).numpy().reshape(-1)
    json.dump({"input_rows": CONTEXT, "first_output": ref[:8].tolist()}, open(f"{out_dir}/export-check.json", "w"))
    print("exported", flush=True)


if __name__ == "__main__":
    main()
