#!/usr/bin/env python3
"""PyTorch peer for the MLP benchmark: the tightest single-thread CPU loop we could write for the
paper's exact model (SPEC §3), to compare one epoch against grokmeter's MlpBench.epoch.

Same work per epoch as grokmeter: reshuffle the 750 training samples, 24 SGD steps of batch 32
(last batch 14), per-batch loss and accuracy taken from the forward pass before each update,
then the validation loss and accuracy on the 250 held-out samples.

Run with Debian's torch (apt-get install python3-torch):  /usr/bin/python3 bench/peers/torch_mlp.py
Prints CSV on stdout: impl,input_size,epochs,ms_per_epoch (best of --repeats timed blocks).
Never run by the test suite.
"""
import argparse
import time

import torch
import torch.nn.functional as F


def make_data(n, gen):
    bits = torch.randint(0, 2, (1000, n), generator=gen).float()
    parity = (2 * bits[:, :3] - 1).prod(dim=1)
    labels = (parity > 0).long()  # class 0 when the product is -1
    perm = torch.randperm(1000, generator=gen)
    tr, va = perm[:750], perm[750:]
    return bits[tr].contiguous(), labels[tr].contiguous(), bits[va].contiguous(), labels[va].contiguous()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input-sizes", default="25,45")
    ap.add_argument("--epochs", type=int, default=200, help="epochs per timed block")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=50)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    print("impl,input_size,epochs,ms_per_epoch,torch")
    for n in [int(x) for x in args.input_sizes.split(",")]:
        gen = torch.Generator().manual_seed(0)
        xtr, ytr, xva, yva = make_data(n, gen)
        torch.manual_seed(0)
        fc1 = torch.nn.Linear(n, 1000)
        fc2 = torch.nn.Linear(1000, 2, bias=False)
        torch.nn.init.xavier_uniform_(fc1.weight)
        torch.nn.init.xavier_uniform_(fc2.weight)
        params = list(fc1.parameters()) + list(fc2.parameters())
        opt = torch.optim.SGD(params, lr=0.01, weight_decay=0.01)

        def epoch():
            perm = torch.randperm(750, generator=gen)
            acc_sum = torch.zeros(())
            loss_sum = torch.zeros(())
            batches = 0
            for b in range(0, 750, 32):
                idx = perm[b:b + 32]
                xb, yb = xtr[idx], ytr[idx]
                out = fc2(torch.relu(fc1(xb)))
                loss = F.cross_entropy(out, yb)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                with torch.no_grad():
                    acc_sum += (out.argmax(1) == yb).float().mean()
                    loss_sum += loss.detach()
                batches += 1
            with torch.no_grad():
                out = fc2(torch.relu(fc1(xva)))
                val_loss = F.cross_entropy(out, yva)
                val_acc = (out.argmax(1) == yva).float().mean()
            return float(acc_sum) / batches, float(val_acc), float(loss_sum) / batches, float(val_loss)

        for _ in range(args.warmup):
            epoch()
        best = float("inf")
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            for _ in range(args.epochs):
                epoch()
            best = min(best, (time.perf_counter() - t0) / args.epochs * 1e3)
        print(f"torch,{n},{args.epochs},{best:.4f},{torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
