#!/usr/bin/env python3
"""Writes torchvision's outputs for fixed images and fixed parameters, so that Pupil's pixel kernels
can be checked against the reference implementation itself (core's TorchvisionGoldenTest).

Run with Debian's torch 1.13 / torchvision 0.14:
    /usr/bin/python3 bench/python/torchvision_golden.py core/src/test/resources/golden/torchvision-0.14.json

Every case: the op, its parameters, and torchvision's output for the input image (uint8 C x H x W,
base64). RandAugment's ops go through torchvision's own `_apply_op` with the value of each
magnitude bin from `RandAugment._augmentation_space(31, (H, W))`, nearest sampling and a fill.
"""
import base64
import json
import sys

import torch
import torchvision
from torchvision.transforms import InterpolationMode
from torchvision.transforms import autoaugment
from torchvision.transforms import functional as F


def b64(t):
    return base64.b64encode(t.contiguous().numpy().tobytes()).decode("ascii")


def image(c, h, w, seed):
    g = torch.Generator().manual_seed(seed)
    # A smooth ramp plus noise, so geometric ops move structure and colour ops see a spread.
    y = torch.arange(h).view(1, h, 1).float()
    x = torch.arange(w).view(1, 1, w).float()
    ramp = (y * 255.0 / (h - 1) * 0.5 + x * 255.0 / (w - 1) * 0.5).expand(c, h, w)
    noise = torch.randint(-40, 41, (c, h, w), generator=g).float()
    return (ramp + noise).clamp(0, 255).to(torch.uint8)


def main():
    out_path = sys.argv[1]
    images = {"rgb": image(3, 10, 12, 0), "gray": image(1, 9, 11, 1)}
    cases = []
    for name, img in images.items():
        c, h, w = img.shape
        fill = 7
        space = autoaugment.RandAugment(num_ops=1, magnitude=9)._augmentation_space(31, (h, w))
        for op, (mags, signed) in space.items():
            bins = [0, 5, 9, 17, 30] if mags.ndim > 0 else [0]
            for b in bins:
                value = float(mags[b].item()) if mags.ndim > 0 else 0.0
                for sign in ([1, -1] if signed else [1]):
                    v = sign * value
                    res = autoaugment._apply_op(img, op, v, InterpolationMode.NEAREST, [float(fill)] * c)
                    cases.append({"image": name, "kind": "randaugment", "op": op, "bin": b,
                                  "sign": sign, "value": v, "fill": fill, "output": b64(res)})
        cases.append({"image": name, "kind": "hflip", "output": b64(F.hflip(img))})
        cases.append({"image": name, "kind": "vflip", "output": b64(F.vflip(img))})
        for k in (1, 2, 3):
            cases.append({"image": name, "kind": "rot90", "k": k,
                          "output": b64(torch.rot90(img, k, dims=(1, 2)))})
        for angle in (17.0, -33.0):
            for interp, mode in (("nearest", InterpolationMode.NEAREST),
                                 ("bilinear", InterpolationMode.BILINEAR)):
                res = F.rotate(img, angle, interpolation=mode, fill=[float(fill)] * c)
                cases.append({"image": name, "kind": "rotate", "angle": angle, "interp": interp,
                              "fill": fill, "output": b64(res)})
        # RandomCrop(padding=p): pad with zeros, crop at (top, left) of the padded image.
        for top, left in ((0, 0), (3, 1), (4, 4)):
            res = F.crop(F.pad(img, [2, 2, 2, 2], fill=0), top, left, h, w)
            cases.append({"image": name, "kind": "padcrop", "pad": 2, "top": top, "left": left,
                          "output": b64(res)})
        for top, left, ch, cw, oh, ow in ((1, 2, 6, 7, h, w), (0, 0, h, w, 5, 6), (2, 1, 5, 5, 8, 13)):
            res = F.resized_crop(img, top, left, ch, cw, [oh, ow],
                                 interpolation=InterpolationMode.BILINEAR, antialias=False)
            cases.append({"image": name, "kind": "resized_crop", "top": top, "left": left,
                          "crop_h": ch, "crop_w": cw, "out_h": oh, "out_w": ow,
                          "output": b64(res)})
        cases.append({"image": name, "kind": "erase", "top": 2, "left": 3, "eh": 4, "ew": 5,
                      "fill": 9, "output": b64(F.erase(img, 2, 3, 4, 5, torch.tensor(9, dtype=torch.uint8)))})
    doc = {
        "generator": "bench/python/torchvision_golden.py",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "images": {k: {"channels": v.shape[0], "height": v.shape[1], "width": v.shape[2],
                       "pixels": b64(v)} for k, v in images.items()},
        "cases": cases,
    }
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=0)
        f.write("\n")
    print(f"{len(cases)} cases -> {out_path}")


if __name__ == "__main__":
    main()
