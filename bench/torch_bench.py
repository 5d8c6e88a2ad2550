#!/usr/bin/env python3
"""PyTorch side of `npm run bench`: the five workloads of bench/, checked and timed like bench/stats.ts.

Run by bench/peers/torch.ts with --inputs (the exact numbers the JS peers use); standalone it makes its
own seeded inputs (and skips mnist_epoch, whose digits come from descent's loadMnist). Prints
{"torch": version, "threads": n, "rows": [...]} as JSON on stdout.
"""

import argparse
import copy
import json
import math
import statistics
import time

import torch

FULL = dict(warmup_ms=400, warmup_calls=2, block_ms=250, blocks=7, min_blocks=3, budget_ms=6000)
QUICK = dict(warmup_ms=100, warmup_calls=1, block_ms=100, blocks=3, min_blocks=2, budget_ms=1200)
SCALAR_TOLERANCE = 1e-4  # relative to the largest gradient, as in bench/workloads/scalar-autograd.ts
SGEMM_TOLERANCE = 1e-4  # relative to sum_k |a_ik b_kj|, as in bench/workloads/sgemm.ts
LOSS_TOLERANCE = 1e-4  # relative, as in bench/workloads/train.ts
# mnist_epoch, as in bench/workloads/mnist-epoch.ts: timed epochs after the checked one, the accuracy
# every epoch must reach, and when to time only the first steps and extrapolate.
EPOCHS_FULL = dict(most=5, least=3, budget_ms=20_000)
EPOCHS_QUICK = dict(most=1, least=1, budget_ms=0)
MIN_ACCURACY = 0.85
SLOW_EPOCH_MS = 60_000
STEPS_WHEN_SLOW = 25


class WrongAnswer(Exception):
    pass


def time_call(call, o):
    """Warm up, calibrate calls per block, then median ms per call over blocks within a budget."""
    start = time.perf_counter()
    last = math.inf
    i = 0
    while i < o["warmup_calls"] or (time.perf_counter() - start) * 1000 < o["warmup_ms"]:
        t0 = time.perf_counter()
        call()
        last = (time.perf_counter() - t0) * 1000
        i += 1
    per_block = max(1, round(o["block_ms"] / max(last, 1e-3)))
    blocks, cpu_blocks = [], []
    while len(blocks) < o["blocks"]:
        if len(blocks) >= o["min_blocks"] and (time.perf_counter() - start) * 1000 > o["budget_ms"]:
            break
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(per_block):
            call()
        cpu_blocks.append((time.process_time() - c0) * 1000 / per_block)
        blocks.append((time.perf_counter() - t0) * 1000 / per_block)
    ms = statistics.median(blocks)
    return dict(
        ms=ms,
        blocks=len(blocks),
        spread=(max(blocks) - min(blocks)) / ms,
        cpu_ms=statistics.median(cpu_blocks),
        cpu_share=sum(cpu_blocks) / sum(blocks),
    )


def measure(row, check, call, work, timing, after=None):
    try:
        summary = check()
    except WrongAnswer as e:
        return {**row, "status": "wrong", "note": str(e)}
    except Exception as e:  # noqa: BLE001 - any failure is reported, not raised
        return {**row, "status": "failed", "note": f"{type(e).__name__}: {e}"}
    t = time_call(call, timing)
    late = after() if after else None
    if late:
        return {**row, "status": "wrong", "check": summary, "note": late}
    timed = {
        "figure": work / (t["ms"] / 1000),
        "msPerCall": t["ms"],
        "blocks": t["blocks"],
        "spread": t["spread"],
        "cpuShare": t["cpu_share"],
        "cpuFigure": work / (t["cpu_ms"] / 1000),
    }
    return {**row, "status": "ok", **timed, "check": summary}


# ---------------------------------------------------------------------------------------------- inputs


def load_inputs(path):
    with open(path) as f:
        manifest = json.load(f)
    with open(manifest["bin"], "rb") as f:
        blob = f.read()

    def array(name):
        a = manifest["arrays"][name]
        dtype = torch.float32 if a["dtype"] == "float32" else torch.int32
        chunk = bytearray(blob[a["offset"] : a["offset"] + 4 * a["length"]])
        return torch.frombuffer(chunk, dtype=dtype)

    def train(name):
        info = manifest[name]
        sizes = info["sizes"]
        layers = [
            (array(f"{name}_w{i}").reshape(sizes[i], sizes[i + 1]), array(f"{name}_b{i}"))
            for i in range(len(sizes) - 1)
        ]
        x = array(f"{name}_x").reshape(info["batch"], sizes[0])
        return dict(info, x=x, targets=array(f"{name}_targets"), layers=layers)

    mnist = manifest.get("mnist")
    if mnist is not None:
        sizes = mnist["sizes"]
        mnist = dict(
            mnist,
            train_x=array("mnist_train_x").reshape(mnist["trainSize"], sizes[0]),
            train_y=array("mnist_train_y"),
            test_x=array("mnist_test_x").reshape(mnist["testSize"], sizes[0]),
            test_y=array("mnist_test_y"),
            layers=[
                (array(f"mnist_w{i}").reshape(sizes[i], sizes[i + 1]), array(f"mnist_b{i}"))
                for i in range(len(sizes) - 1)
            ],
        )
    return dict(
        mnist=mnist,
        leaves=array("leaves"),
        iterations=manifest["scalar"]["iterations"],
        acc0=manifest["scalar"]["acc0"],
        sgemm=[
            (n, array(f"sgemm{n}_a").reshape(n, n), array(f"sgemm{n}_b").reshape(n, n))
            for n in manifest["sgemmSizes"]
        ],
        tiny=train("tiny"),
        mlp=train("mlp"),
    )


def make_inputs(quick):
    """Standalone inputs: the same shapes and distributions, not the same numbers as the JS peers."""
    g = torch.Generator().manual_seed(0)

    def linear(fan_in, fan_out):
        bound = 1 / math.sqrt(fan_in)
        w = (torch.rand(fan_in, fan_out, generator=g) * 2 - 1) * bound
        return w, (torch.rand(fan_out, generator=g) * 2 - 1) * bound

    x = torch.rand(200, 2, generator=g) * 2 - 1
    tiny = dict(batch=200, sizes=[2, 16, 16, 1], activation="tanh", lr=0.1, momentum=0.9, x=x)
    tiny.update(targets=(x[:, 0] * x[:, 1] > 0).float())
    tiny.update(layers=[linear(2, 16), linear(16, 16), linear(16, 1)])
    mlp = dict(batch=128, sizes=[784, 256, 128, 10], activation="relu", lr=0.01, momentum=0.9)
    labels = torch.randint(0, 10, (128,), generator=g, dtype=torch.int32)
    mlp.update(x=torch.randn(128, 784, generator=g), targets=labels)
    mlp.update(layers=[linear(784, 256), linear(256, 128), linear(128, 10)])
    sizes = [64, 256] if quick else [64, 256, 512, 1024]
    sgemm = [(n, torch.randn(n, n, generator=g), torch.randn(n, n, generator=g)) for n in sizes]
    leaves = torch.rand(100, generator=g) * 3 - 1.5
    return dict(leaves=leaves, iterations=3334, acc0=0.5, sgemm=sgemm, tiny=tiny, mlp=mlp, mnist=None)


# ------------------------------------------------------------------------------------------- workloads


def scalar_reference(leaves, iterations, acc0):
    """float64 forward, then a hand-written reverse pass, as bench/reference.ts."""
    w = leaves.double().tolist()
    accs = [acc0]
    for k in range(iterations):
        accs.append(math.tanh(accs[k] * w[k % 100] + w[(7 * k + 3) % 100]))
    grads = [0.0] * 100
    d_acc = 1.0
    for k in range(iterations - 1, -1, -1):
        m, a = k % 100, (7 * k + 3) % 100
        d_pre = d_acc * (1 - accs[k + 1] ** 2)
        grads[a] += d_pre
        grads[m] += d_pre * accs[k]
        d_acc = d_pre * w[m]
    return grads


def scalar_autograd(inputs, timing):
    iterations, acc0 = inputs["iterations"], inputs["acc0"]
    w = [torch.tensor(v, requires_grad=True) for v in inputs["leaves"].tolist()]

    def run():
        for p in w:
            p.grad = None
        acc = torch.tensor(acc0)
        for k in range(iterations):
            acc = torch.tanh(acc * w[k % 100] + w[(7 * k + 3) % 100])
        acc.backward()
        return [p.grad.item() for p in w]

    reference = scalar_reference(inputs["leaves"], iterations, acc0)
    scale = max(abs(r) for r in reference)

    def check():
        worst = max(abs(g - r) for g, r in zip(run(), reference))
        if not worst <= SCALAR_TOLERANCE * scale:
            raise WrongAnswer(f"gradient off by {worst:.3g} (largest gradient {scale:.3g})")
        return f"grads vs float64: max err {worst / scale:.2e} rel"

    row = dict(workload="scalar_autograd", size=f"{3 * iterations} ops", mode="eager", unit="ops/s")
    return [measure(row, check, run, 3 * iterations, timing)]


def sgemm(inputs, timing):
    rows = []
    for n, a, b in inputs["sgemm"]:

        def check(a=a, b=b):
            c = a @ b
            reference = a.double() @ b.double()
            scale = a.abs().double() @ b.abs().double()
            worst = ((c.double() - reference).abs() / scale).max().item()
            if not worst <= SGEMM_TOLERANCE:
                raise WrongAnswer(f"entry off by {worst:.3g} relative to sum |a_ik b_kj|")
            return f"{n * n} entries vs float64: max err {worst:.2e} rel"

        row = dict(workload="sgemm", size=f"n={n}", mode="eager", unit="GFLOP/s")
        rows.append(measure(row, check, lambda a=a, b=b: a @ b, 2 * n**3 / 1e9, timing))
    return rows


def train(name, data, steps_per_call, check_steps, work_per_step, unit, timing):
    layers = []
    for i, (w, b) in enumerate(data["layers"]):
        linear = torch.nn.Linear(w.shape[0], w.shape[1])
        with torch.no_grad():
            linear.weight.copy_(w.t())
            linear.bias.copy_(b)
        layers.append(linear)
        if i < len(data["layers"]) - 1:
            layers.append(torch.nn.Tanh() if data["activation"] == "tanh" else torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    x = data["x"]
    outputs = data["sizes"][-1]
    targets = data["targets"].reshape(-1, 1) if outputs == 1 else data["targets"].long().unsqueeze(1)
    opt = torch.optim.SGD(model.parameters(), lr=data["lr"], momentum=data["momentum"])

    def loss_of(z):
        if outputs == 1:  # BCE with logits, stably: max(z, 0) - z*y + log1p(exp(-|z|))
            return (z.clamp_min(0) - z * targets + torch.log1p(torch.exp(-z.abs()))).mean()
        return z.log_softmax(1).gather(1, targets).mean().neg()

    def run(steps):
        for _ in range(steps):
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model(x))
            loss.backward()
            opt.step()
        return loss.item()

    with torch.no_grad():
        reference = loss_of(copy.deepcopy(model).double()(x.double())).item()

    def check():
        first = run(1)
        if not abs(first - reference) <= LOSS_TOLERANCE * max(1, abs(reference)):
            raise WrongAnswer(f"first loss {first}, float64 reference {reference}")
        later = run(check_steps)
        if not later < first:
            raise WrongAnswer(f"loss did not decrease: {first} -> {later} after {check_steps} more steps")
        return f"loss {first:.4f} (ref {reference:.4f}) -> {later:.4f} after {check_steps + 1} steps"

    last = [math.nan]

    def call():
        last[0] = run(steps_per_call)

    def after():
        return None if math.isfinite(last[0]) else f"loss became {last[0]} while timing"

    row = dict(workload=name, size=f"batch {data['batch']}", mode="eager, torch.optim.SGD", unit=unit)
    return [measure(row, check, call, steps_per_call * work_per_step, timing, after)]


def mnist_epoch(data, quick):
    """One epoch over the training digits in order (batch 64, SGD momentum), then the held-out accuracy."""
    if data is None:
        row = dict(workload="mnist_epoch", size="", mode="", unit="samples/s")
        return [{**row, "status": "skipped", "note": "needs the digits that bench/peers/torch.ts writes"}]
    batch, all_steps, train_size = data["batch"], data["steps"], data["trainSize"]
    layers = []
    for i, (w, _) in enumerate(data["layers"]):
        layers.append(torch.nn.Linear(w.shape[0], w.shape[1]))
        if i < len(data["layers"]) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    x, y = data["train_x"], data["train_y"].long()
    test_x, test_y = data["test_x"], data["test_y"].long()
    opt = [None]

    def reset():
        with torch.no_grad():
            for linear, (w, b) in zip(linears, data["layers"]):
                linear.weight.copy_(w.t())
                linear.bias.copy_(b)
        model.zero_grad(set_to_none=True)
        opt[0] = torch.optim.SGD(model.parameters(), lr=data["lr"], momentum=data["momentum"])

    def train(steps):
        losses = []
        for s in range(steps):
            xb, yb = x[s * batch : (s + 1) * batch], y[s * batch : (s + 1) * batch]
            opt[0].zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            opt[0].step()
            losses.append(loss.item())
        return losses

    def accuracy():
        with torch.no_grad():
            return (model(test_x).argmax(1) == test_y).float().mean().item()

    def epoch(steps):
        reset()
        t0, c0 = time.perf_counter(), time.process_time()
        losses = train(steps)
        t1, c1 = time.perf_counter(), time.process_time()
        acc = accuracy()
        t2, c2 = time.perf_counter(), time.process_time()
        scale = all_steps / steps
        ms = ((t1 - t0) * scale + (t2 - t1)) * 1000
        return dict(losses=losses, accuracy=acc, ms=ms, cpu_ms=((c1 - c0) * scale + (c2 - c1)) * 1000)

    def wrong(e, full_epoch):
        bad = [i for i, value in enumerate(e["losses"]) if not math.isfinite(value)]
        if bad:
            return f"loss {e['losses'][bad[0]]} at step {bad[0] + 1}"
        if full_epoch and not e["accuracy"] >= MIN_ACCURACY:
            return f"held-out accuracy {e['accuracy']} after one epoch, below {MIN_ACCURACY}"
        return None

    reset()
    with torch.no_grad():
        reference = torch.nn.functional.cross_entropy(
            copy.deepcopy(model).double()(x[:batch].double()), y[:batch]
        ).item()
    row = dict(
        workload="mnist_epoch",
        size=f"{train_size} digits, batch {batch}",
        mode="eager, torch.optim.SGD",
        unit="samples/s",
    )
    started = time.perf_counter()
    try:
        checked = epoch(all_steps)
        first = checked["losses"][0]
        if not abs(first - reference) <= LOSS_TOLERANCE * max(1, abs(reference)):
            raise WrongAnswer(f"first loss {first}, float64 reference {reference}")
        why = wrong(checked, True)
        if why:
            raise WrongAnswer(why)
        check = (
            f"loss {first:.4f} (ref {reference:.4f}) -> {checked['losses'][-1]:.4f} at step {all_steps}; "
            f"held-out accuracy {checked['accuracy']:.4f}"
        )
    except WrongAnswer as e:
        return [{**row, "status": "wrong", "note": str(e)}]
    except Exception as e:  # noqa: BLE001 - any failure is reported, not raised
        return [{**row, "status": "failed", "note": f"{type(e).__name__}: {e}"}]
    steps = STEPS_WHEN_SLOW if checked["ms"] > SLOW_EPOCH_MS else all_steps
    plan = EPOCHS_QUICK if quick else EPOCHS_FULL
    epochs = []
    while len(epochs) < plan["most"]:
        if len(epochs) >= plan["least"] and (time.perf_counter() - started) * 1000 > plan["budget_ms"]:
            break
        e = epoch(steps)
        late = wrong(e, steps == all_steps)
        if late:
            return [{**row, "status": "wrong", "check": check, "note": f"while timing: {late}"}]
        epochs.append(e)
    times = [e["ms"] for e in epochs]
    cpu = [e["cpu_ms"] for e in epochs]
    ms = statistics.median(times)
    timed = {
        "figure": train_size / (ms / 1000),
        "msPerCall": ms,
        "blocks": len(epochs),
        "spread": (max(times) - min(times)) / ms,
        "cpuShare": sum(cpu) / sum(times),
        "cpuFigure": train_size / (statistics.median(cpu) / 1000),
    }
    if steps < all_steps:
        timed["note"] = (
            f"timed over the first {steps} of {all_steps} steps and extrapolated "
            f"(the checked epoch took {checked['ms'] / 1000:.0f} s)"
        )
    return [{**row, "status": "ok", **timed, "check": check}]


def loaded_blas():
    """Which BLAS the process mapped: Debian's torch uses whatever libblas.so.3 points to."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line}
    except OSError:
        return "unknown"
    libraries = sorted({p.rsplit("/", 1)[-1] for p in paths if ".so" in p})
    return " + ".join(libraries) or "none mapped"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", help="inputs.json written by bench/peers/torch.ts")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", default="scalar_autograd,sgemm,tiny_train,mlp_train,mnist_epoch")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    timing = QUICK if args.quick else FULL
    inputs = load_inputs(args.inputs) if args.inputs else make_inputs(args.quick)
    workloads = {
        "scalar_autograd": lambda: scalar_autograd(inputs, timing),
        "sgemm": lambda: sgemm(inputs, timing),
        "tiny_train": lambda: train("tiny_train", inputs["tiny"], 200, 199, 1, "steps/s", timing),
        "mlp_train": lambda: train(
            "mlp_train", inputs["mlp"], 1, 9, inputs["mlp"]["batch"], "samples/s", timing
        ),
        "mnist_epoch": lambda: mnist_epoch(inputs["mnist"], args.quick),
    }
    rows = []
    for name in args.only.split(","):
        rows += workloads[name]()
    info = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas()}
    print(json.dumps({**info, "rows": rows}))


if __name__ == "__main__":
    main()
