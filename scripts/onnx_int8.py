"""Export a torch encoder as saidwhat ships its models: ONNX, fused, int8, batch-independent.

Shared by ``scripts/export_embedder.py``, ``scripts/train_techniques.py`` and
``scripts/finetune_checkworthiness.py``, which load it by path (the training venv has no spaCy);
``finetune_checkworthiness.py --requantise`` applies :func:`static_activations` and
:func:`unfuse_skip_layer_norms` to the shipped check-worthiness graph. Its ``unfuse-skip`` command
converts an already shipped model in place::

    .venv-train/bin/python scripts/onnx_int8.py unfuse-skip saidwhat/framing/data/techniques.onnx

The steps (:func:`export`): torch → ONNX → onnxruntime's BERT fusion → ``quantize_dynamic`` (int8
weights; int8 activations with a scale computed per run) → optionally :func:`static_activations` →
:func:`unfuse_skip_layer_norms`.

Why static activation scales: ``quantize_dynamic`` computes one activation scale per batch tensor, so a
text's output moved with whatever else was in its batch and with the padding (cosine down to 0.96 to the
same sentence embedded alone); saidwhat therefore embedded one claim per batch. With scales fixed from a
calibration set (training sentences), every operation is per token again: a text's output is the same
alone or in any batch, to float rounding, and batches of similar-length texts run faster. Keeping the
int8 matrix products matters: the same graph with float activations (int8 weights dequantised at load)
measured 2-3 times slower on this machine's CPU, which has AVX-512 VNNI.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

#: The quantize_dynamic settings saidwhat used for both models (kept so the weights stay bit-identical).
QUANTISED_OPS = ("MatMul", "Gather", "Attention")


def export(
    model: Any,
    path: Path,
    *,
    output_names: Sequence[str],
    num_heads: int,
    hidden_size: int,
    per_channel: bool,
    calibration: Callable[[], Iterable[dict[str, Any]]] | None = None,
    quantile: float = 1.0,
    pooled_outputs: Sequence[str] = ("embedding",),
    unfuse: bool = True,
) -> None:
    """torch → ONNX (opset 17) → onnxruntime's BERT fusion → int8 weights (``quantize_dynamic``) →
    with ``calibration``, fixed activation scales (:func:`static_activations`) → standard layer norms
    (:func:`unfuse_skip_layer_norms`).

    ``model`` takes ``input_ids`` and ``attention_mask`` (batch, sequence); every output has the batch
    axis first, and the sequence axis second unless it is one of ``pooled_outputs`` (one row per text).
    ``calibration`` gives the feeds whose activation ranges fix the scales (training data only).
    ``unfuse=False`` keeps onnxruntime's fused layer norms.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    axes: dict[str, dict[int, str]] = {
        name: {0: "batch", 1: "sequence"} for name in ("input_ids", "attention_mask")
    }
    for name in output_names:
        axes[name] = {0: "batch"} if name in pooled_outputs else {0: "batch", 1: "sequence"}
    with tempfile.TemporaryDirectory() as tmp:
        raw, fused, dynamic = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx", Path(tmp) / "dynamic.onnx"
        ids = torch.randint(1000, 2000, (2, 16))
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids)),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=list(output_names),
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
        optimizer.optimize_model(
            str(raw), model_type="bert", num_heads=num_heads, hidden_size=hidden_size
        ).save_model_to_file(str(fused))
        quantize_dynamic(
            str(fused),
            str(dynamic),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=list(QUANTISED_OPS),
            per_channel=per_channel,
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )
        if calibration is not None:
            static_activations(dynamic, dynamic, activation_ranges(dynamic, calibration(), quantile))
        if unfuse:
            unfuse_skip_layer_norms(dynamic, path)
        else:
            shutil.copyfile(dynamic, path)


def activation_ranges(
    model_path: Path, feeds: Iterable[dict[str, Any]], quantile: float = 1.0
) -> dict[str, tuple[float, float]]:
    """The smallest and largest value each ``DynamicQuantizeLinear`` input takes over ``feeds`` (with
    ``quantile`` < 1, that quantile of each run's smallest and largest values)."""
    import onnxruntime as ort

    model = onnx.load(str(model_path))
    names = [node.input[0] for node in model.graph.node if node.op_type == "DynamicQuantizeLinear"]
    known = {o.name for o in model.graph.output}
    model.graph.output.extend(
        helper.make_empty_tensor_value_info(name) for name in names if name not in known
    )
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    lows: dict[str, list[float]] = {name: [] for name in names}
    highs: dict[str, list[float]] = {name: [] for name in names}
    for feed in feeds:
        for name, value in zip(names, session.run(names, feed), strict=True):
            lows[name].append(float(np.min(value)))
            highs[name].append(float(np.max(value)))
    # 0 is always representable, as DynamicQuantizeLinear makes it. With quantile < 1 the range is that
    # quantile of the per-run extremes (rare outlier runs are clipped, the rest get a finer scale).
    return {
        name: (
            min(0.0, float(np.quantile(lows[name], 1.0 - quantile))),
            max(0.0, float(np.quantile(highs[name], quantile))),
        )
        for name in names
    }


def static_activations(source: Path, target: Path, ranges: dict[str, tuple[float, float]]) -> None:
    """Replace each ``DynamicQuantizeLinear`` by ``QuantizeLinear`` with a fixed scale and zero point
    (uint8, from the calibrated ``ranges``, computed as ``DynamicQuantizeLinear`` computes them from a
    tensor's own range). The int8 matrix products that follow are untouched."""
    model = onnx.load(str(source))
    graph = model.graph
    for index, node in enumerate(list(graph.node)):
        if node.op_type != "DynamicQuantizeLinear":
            continue
        low, high = ranges[node.input[0]]
        scale = (high - low) / 255.0 or 1.0
        zero_point = int(np.clip(round(-low / scale), 0, 255))
        quantized, scale_name, zero_point_name = node.output
        graph.initializer.extend(
            [
                numpy_helper.from_array(np.asarray(scale, dtype=np.float32), scale_name),
                numpy_helper.from_array(np.asarray(zero_point, dtype=np.uint8), zero_point_name),
            ]
        )
        graph.node.remove(node)
        graph.node.insert(
            index,
            helper.make_node(
                "QuantizeLinear", [node.input[0], scale_name, zero_point_name], [quantized], name=node.name
            ),
        )
    _fuse_integer_matmuls(graph)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))


def _fuse_integer_matmuls(graph: onnx.GraphProto) -> None:
    """``MatMulInteger`` → ``Cast`` → ``Mul`` by (input scale × weight scale) becomes one
    ``MatMulIntegerToFloat``. onnxruntime fuses this pattern itself only while the scale product is
    computed in the graph; with a fixed input scale it folds that product into a constant first and then
    runs the three nodes separately (measured slower)."""
    producers = {name: node for node in graph.node for name in node.output}
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for node in [n for n in graph.node if n.op_type == "MatMulInteger"]:
        (cast,) = consumers[node.output[0]]
        (scale_mul,) = consumers[cast.output[0]]
        product = producers[scale_mul.input[1]]
        if cast.op_type != "Cast" or scale_mul.op_type != "Mul" or product.op_type != "Mul":
            raise ValueError(f"{node.name}: MatMulInteger not followed by Cast and Mul by the scales")
        a, b, a_zero_point, b_zero_point = node.input
        a_scale, b_scale = product.input
        fused = helper.make_node(
            "MatMulIntegerToFloat",
            [a, b, a_scale, b_scale, a_zero_point, b_zero_point],
            [scale_mul.output[0]],
            name=node.name,
            domain="com.microsoft",
        )
        index = list(graph.node).index(node)
        for old in (node, cast, scale_mul):
            graph.node.remove(old)
        graph.node.insert(index, fused)
    live = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    for node in [n for n in graph.node if n.op_type == "Mul" and n.output[0] not in live]:
        graph.node.remove(node)


def unfuse_skip_layer_norms(source: Path, target: Path) -> int:
    """Replace each ``SkipLayerNormalization`` (onnxruntime's BERT fusion) by ``Add`` (+ ``Add`` of the
    bias) and the standard ``LayerNormalization``: the same arithmetic, and on one thread the two
    standard kernels measured 13% faster for the whole encoder than the fused one. Returns how many."""
    model = onnx.load(str(source))
    graph = model.graph
    nodes: list[onnx.NodeProto] = []
    replaced = 0
    for node in graph.node:
        if node.op_type != "SkipLayerNormalization" or len([o for o in node.output if o]) != 1:
            nodes.append(node)
            continue
        replaced += 1
        x, skip, gamma, beta = node.input[:4]
        epsilon = [helper.get_attribute_value(a) for a in node.attribute if a.name == "epsilon"]
        total = f"{node.output[0]}_skip_sum"
        nodes.append(helper.make_node("Add", [x, skip], [total], name=f"{node.name}_skip_add"))
        if len(node.input) > 4 and node.input[4]:
            biased = f"{node.output[0]}_bias_sum"
            nodes.append(
                helper.make_node("Add", [total, node.input[4]], [biased], name=f"{node.name}_bias_add")
            )
            total = biased
        nodes.append(
            helper.make_node(
                "LayerNormalization",
                [total, gamma, beta],
                [node.output[0]],
                name=node.name,
                axis=-1,
                epsilon=epsilon[0] if epsilon else 1e-12,
            )
        )
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return replaced


def check_weights_unchanged(source: Path, target: Path) -> int:
    """How many int8 weight tensors ``target`` shares, value for value, with ``source`` (every one of
    ``target``'s must be in ``source``)."""
    before = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(source)).graph.initializer}
    after = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(target)).graph.initializer}
    shared = 0
    for name, values in after.items():
        if values.dtype == np.int8:
            if name not in before or not np.array_equal(before[name], values):
                raise ValueError(f"{target}: int8 weight {name} differs from {source}")
            shared += 1
    return shared


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    unfuse = commands.add_parser("unfuse-skip", help="unfuse_skip_layer_norms on a shipped model, in place")
    unfuse.add_argument("model", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source.onnx"
        source.write_bytes(args.model.read_bytes())
        replaced = unfuse_skip_layer_norms(source, args.model)
        shared = check_weights_unchanged(source, args.model)
    print(f"{args.model}: {replaced} SkipLayerNormalization unfused; {shared} int8 weight tensors unchanged")


if __name__ == "__main__":
    main()
