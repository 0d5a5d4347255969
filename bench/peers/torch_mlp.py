#!/usr/bin/env python3
"""PyTorch peer for the MLP benchmark: the tightest single-thread CPU loops we could write for the
paper's exact model (docs/method.md, setting 2), to compare one epoch against grokmeter's MlpBench.epoch.

Same work per epoch as grokmeter: reshuffle the 750 training samples, 24 SGD steps of batch 32
(last batch 14), per-batch loss and accuracy taken from the forward pass before each update,
then the validation loss and accuracy on the 250 held-out samples.

Three loops (--impl):
  autograd  nn.Linear, F.cross_entropy, loss.backward(), optim.SGD: how the paper's loop is written.
  manual    the same maths by hand without autograd: every product and update in place into buffers
            allocated once (index_select/addmm/mm with out=, relu_, in-place SGD).
  fused     manual with fewer, fused calls: each SGD step is one addmm/addmv with
            beta = 1 − lr·wd and alpha = −lr/m (the product, the decay and the update in one call),
            the ReLU mask by threshold_backward, the softmax gradient from one softmax and one
            index_put_, the epoch's samples gathered once and the batches taken as views, loss and
            accuracy kept on tensors: 16 torch calls per batch.

Run with Debian's torch (apt-get install python3-torch):  /usr/bin/python3 bench/peers/torch_mlp.py
Prints CSV on stdout: impl,input_size,epochs,ms_per_epoch,torch (best of --repeats timed blocks).
Never run by the test suite.
"""
import argparse
import time

import torch
import torch.nn.functional as F

HIDDEN = 1000
TRAIN = 750
BATCH = 32
LR = 0.01
WD = 0.01


def make_data(n, gen):
    bits = torch.randint(0, 2, (1000, n), generator=gen).float()
    parity = (2 * bits[:, :3] - 1).prod(dim=1)
    labels = (parity > 0).long()  # class 0 when the product is -1
    perm = torch.randperm(1000, generator=gen)
    tr, va = perm[:750], perm[750:]
    return bits[tr].contiguous(), labels[tr].contiguous(), bits[va].contiguous(), labels[va].contiguous()


def autograd_epoch(n, gen, xtr, ytr, xva, yva):
    torch.manual_seed(0)
    fc1 = torch.nn.Linear(n, HIDDEN)
    fc2 = torch.nn.Linear(HIDDEN, 2, bias=False)
    torch.nn.init.xavier_uniform_(fc1.weight)
    torch.nn.init.xavier_uniform_(fc2.weight)
    params = list(fc1.parameters()) + list(fc2.parameters())
    opt = torch.optim.SGD(params, lr=LR, weight_decay=WD)

    def epoch():
        perm = torch.randperm(TRAIN, generator=gen)
        acc_sum = torch.zeros(())
        loss_sum = torch.zeros(())
        batches = 0
        for b in range(0, TRAIN, BATCH):
            idx = perm[b:b + BATCH]
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

    return epoch


def init_params(n):
    """The paper's initialisation for the hand-written loops: W1 as (n, hidden), b1, W2 as (hidden, 2)."""
    torch.manual_seed(0)
    w1 = torch.empty(HIDDEN, n)
    torch.nn.init.xavier_uniform_(w1)
    w1 = w1.t().contiguous()
    bound = 1.0 / n ** 0.5
    b1 = torch.empty(HIDDEN).uniform_(-bound, bound)
    w2 = torch.empty(2, HIDDEN)
    torch.nn.init.xavier_uniform_(w2)
    return w1, b1, w2.t().contiguous()


def manual_epoch(n, gen, xtr, ytr, xva, yva):
    """The same model and SGD by hand: W1 stored as (n, hidden) so that h = b1 + x·W1 is one addmm."""
    w1, b1, w2 = init_params(n)
    # buffers for the largest batch; the last batch (14 rows) uses views of them
    xb = torch.empty(BATCH, n)
    yb = torch.empty(BATCH, dtype=torch.long)
    h = torch.empty(BATCH, HIDDEN)
    logits = torch.empty(BATCH, 2)
    logp = torch.empty(BATCH, 2)
    dl = torch.empty(BATCH, 2)
    dh = torch.empty(BATCH, HIDDEN)
    g1 = torch.empty(n, HIDDEN)
    gb1 = torch.empty(HIDDEN)
    g2 = torch.empty(HIDDEN, 2)
    pred = torch.empty(BATCH, dtype=torch.long)
    decay = 1.0 - LR * WD
    hv = torch.empty(250, HIDDEN)
    lv = torch.empty(250, 2)

    def epoch():
        perm = torch.randperm(TRAIN, generator=gen)
        correct = torch.zeros((), dtype=torch.long)
        loss_sum = torch.zeros(())
        batches = 0
        with torch.no_grad():
            for b in range(0, TRAIN, BATCH):
                idx = perm[b:b + BATCH]
                m = idx.numel()
                x, y, hh, lg, lp, d, dhh, pr = xb[:m], yb[:m], h[:m], logits[:m], logp[:m], dl[:m], dh[:m], pred[:m]
                torch.index_select(xtr, 0, idx, out=x)
                torch.index_select(ytr, 0, idx, out=y)
                torch.addmm(b1, x, w1, out=hh)
                hh.relu_()
                torch.mm(hh, w2, out=lg)
                torch.log_softmax(lg, 1, out=lp)
                loss_sum -= lp.gather(1, y.unsqueeze(1)).sum() / m
                torch.argmax(lg, 1, out=pr)
                correct += (pr == y).sum()
                # dlogits = (softmax − onehot) / m
                torch.exp(lp, out=d)
                d.scatter_add_(1, y.unsqueeze(1), torch.full((m, 1), -1.0))
                d.div_(m)
                # dh with the old W2, then both SGD steps w ← w(1 − lr·wd) − lr·g
                torch.mm(d, w2.t(), out=dhh)
                dhh.mul_(hh > 0)
                torch.mm(hh.t(), d, out=g2)
                torch.mm(x.t(), dhh, out=g1)
                torch.sum(dhh, 0, out=gb1)
                w2.mul_(decay).sub_(g2, alpha=LR)
                w1.mul_(decay).sub_(g1, alpha=LR)
                b1.mul_(decay).sub_(gb1, alpha=LR)
                batches += 1
            torch.addmm(b1, xva, w1, out=hv)
            hv.relu_()
            torch.mm(hv, w2, out=lv)
            val_loss = F.cross_entropy(lv, yva)
            val_acc = (lv.argmax(1) == yva).float().mean()
        return float(correct) / TRAIN, float(val_acc), float(loss_sum) / batches, float(val_loss)

    return epoch


def fused_epoch(n, gen, xtr, ytr, xva, yva):
    """manual with every update fused into one BLAS call and the fewest dispatcher calls per batch."""
    w1, b1, w2 = init_params(n)
    xs = torch.empty(TRAIN, n)  # the epoch's shuffled samples: one gather per epoch, batches are views
    ys = torch.empty(TRAIN, dtype=torch.long)
    decay = 1.0 - LR * WD
    minus_one = torch.tensor(-1.0)
    # per batch size (32, and 14 for the last batch): views and buffers made once
    shapes = {}
    for b in range(0, TRAIN, BATCH):
        m = min(BATCH, TRAIN - b)
        if m not in shapes:
            shapes[m] = (torch.empty(m, HIDDEN), torch.empty(m, 2), torch.empty(m, 2), torch.arange(m),
                         torch.ones(m), -LR / m)
    batches = [(xs[b:b + BATCH], ys[b:b + BATCH], shapes[min(BATCH, TRAIN - b)]) for b in range(0, TRAIN, BATCH)]

    def epoch():
        perm = torch.randperm(TRAIN, generator=gen)
        correct = torch.zeros((), dtype=torch.long)
        loss_sum = torch.zeros(())
        with torch.no_grad():
            torch.index_select(xtr, 0, perm, out=xs)
            torch.index_select(ytr, 0, perm, out=ys)
            for x, y, (hh, lg, pp, rows, ones, a) in batches:
                torch.addmm(b1, x, w1, out=hh)
                hh.relu_()
                torch.mm(hh, w2, out=lg)
                loss_sum += F.cross_entropy(lg, y)
                correct += (lg.argmax(1) == y).sum()
                # dlogits·m = softmax − onehot; the 1/m is in a = −lr/m
                torch.softmax(lg, 1, out=pp)
                pp.index_put_((rows, y), minus_one, accumulate=True)
                dh = torch.ops.aten.threshold_backward(pp.mm(w2.t()), hh, 0.0)  # with the old W2
                torch.addmm(w2, hh.t(), pp, beta=decay, alpha=a, out=w2)
                torch.addmm(w1, x.t(), dh, beta=decay, alpha=a, out=w1)
                torch.addmv(b1, dh.t(), ones, beta=decay, alpha=a, out=b1)
            lv = torch.addmm(b1, xva, w1).relu_().mm(w2)
            val_loss = F.cross_entropy(lv, yva)
            val_acc = (lv.argmax(1) == yva).float().mean()
        return float(correct) / TRAIN, float(val_acc), float(loss_sum) / len(batches), float(val_loss)

    return epoch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input-sizes", default="25,45")
    ap.add_argument("--impl", default="autograd,manual,fused", help="comma list of: autograd, manual, fused")
    ap.add_argument("--epochs", type=int, default=200, help="epochs per timed block")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=50)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    makers = {"autograd": autograd_epoch, "manual": manual_epoch, "fused": fused_epoch}
    print("impl,input_size,epochs,ms_per_epoch,torch")
    for n in [int(x) for x in args.input_sizes.split(",")]:
        for impl in args.impl.split(","):
            gen = torch.Generator().manual_seed(0)
            xtr, ytr, xva, yva = make_data(n, gen)
            epoch = makers[impl](n, gen, xtr, ytr, xva, yva)
            for _ in range(args.warmup):
                epoch()
            best = float("inf")
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                for _ in range(args.epochs):
                    epoch()
                best = min(best, (time.perf_counter() - t0) / args.epochs * 1e3)
            print(f"torch-{impl},{n},{args.epochs},{best:.4f},{torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
