/**
 * ONNX models built in code, for the onnxruntime-node peer of the bench: a small graph builder and
 * the protobuf encoding of the few ONNX messages a loss graph needs (ModelProto, OperatorSetIdProto,
 * GraphProto, NodeProto, AttributeProto, ValueInfoProto, TypeProto, TensorShapeProto, TensorProto),
 * written from onnx/onnx.proto and the protobuf wire format. No model file, no protobuf library:
 * onnxruntime-node takes the bytes as a Uint8Array, and its parser checks them.
 *
 * Wire format: each field is a key varint (field number << 3 | wire type) then its value: wire type
 * 0 = varint (ints, enums; int64 as 64-bit two's complement, so −1 takes ten bytes), 2 = length
 * then bytes (strings, bytes, nested messages), 5 = 4 bytes little-endian (float). Repeated int64
 * fields (dims, ints) are written unpacked, one key per element, as onnx.proto (proto2) declares
 * them; parsers accept that form whatever the syntax.
 *
 *   const model = onnxModel([{ name: "t", type: "float32", dims: [n] }, { name: "p", … }],
 *     (g, t, p) => { const d = g.op("Sub", [p, t]); return g.op("ReduceMean", [g.op("Mul", [d, d])], { keepdims: 0 }); });
 *   // model.bytes: a Uint8Array for InferenceSession.create; model.outputs: the output name(s)
 */

/** ONNX opset and IR version of every model built here (opset 17 goes with IR version 8). */
export const OPSET = 17;
export const IR_VERSION = 8;

/** TensorProto.DataType codes of the element types used here (onnxruntime's type names). */
export const DATA_TYPE = { float32: 1, int32: 6, int64: 7 };

/** AttributeProto.AttributeType codes. */
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 };

// ---- protobuf wire format ----

const utf8 = new TextEncoder();

/** Varint bytes of a non-negative integer or of any int64 (a negative one as its 64-bit two's complement). */
export function varint(value) {
  let x = BigInt.asUintN(64, BigInt(value));
  const out = [];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

/** Concatenates byte chunks (arrays of byte values or Uint8Arrays) into one Uint8Array. */
function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const key = (field, wireType) => varint((field << 3) | wireType);
/** An integer (varint) field. */
export const intField = (field, value) => [...key(field, 0), ...varint(value)];
/** A length-delimited field: bytes, a string, or a nested message given as its chunks. */
export function bytesField(field, value) {
  const body = typeof value === "string" ? utf8.encode(value) : Array.isArray(value) ? concat(value) : value;
  return concat([key(field, 2), varint(body.length), body]);
}
/** A float field (wire type 5: four bytes, little-endian). */
export function floatField(field, value) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return [...key(field, 5), ...b];
}

// ---- ONNX messages (field numbers of onnx/onnx.proto) ----

/** TensorShapeProto.Dimension: dim_value = 1 (a number) or dim_param = 2 (a name). */
const dimension = (d) => (typeof d === "number" ? intField(1, d) : bytesField(2, d));

/** ValueInfoProto { name = 1, type = 2: TypeProto { tensor_type = 1: { elem_type = 1, shape = 2: { dim = 1 } } } }. */
function valueInfo({ name, type, dims }) {
  const tensorType = [intField(1, DATA_TYPE[type])];
  if (dims) tensorType.push(bytesField(2, dims.map((d) => bytesField(1, [dimension(d)]))));
  return [bytesField(1, name), bytesField(2, [bytesField(1, tensorType)])];
}

/** TensorProto { dims = 1 (repeated), data_type = 2, name = 8, raw_data = 9 (little-endian values) }. */
function tensorProto({ name, type, dims, data }) {
  return [
    ...dims.map((d) => intField(1, d)),
    intField(2, DATA_TYPE[type]),
    bytesField(8, name),
    bytesField(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  ];
}

/**
 * AttributeProto { name = 1, type = 20, f = 2, i = 3, s = 4, ints = 8 (repeated) }, its type taken
 * from the value: an integer → INT, another number → FLOAT, a string → STRING, an array of integers → INTS.
 */
function attribute(name, value) {
  const parts = [bytesField(1, name)];
  if (typeof value === "string") parts.push(intField(20, ATTR.STRING), bytesField(4, value));
  else if (Array.isArray(value)) parts.push(intField(20, ATTR.INTS), ...value.map((v) => intField(8, v)));
  else if (Number.isInteger(value)) parts.push(intField(20, ATTR.INT), intField(3, value));
  else if (typeof value === "number") parts.push(intField(20, ATTR.FLOAT), floatField(2, value));
  else throw new TypeError(`attribute ${name}: unsupported value ${value}`);
  return parts;
}

/** NodeProto { input = 1, output = 2, name = 3, op_type = 4, attribute = 5 } (all repeated but name and op_type). */
function nodeProto({ op, inputs, outputs, attrs }, index) {
  return [
    ...inputs.map((i) => bytesField(1, i)),
    ...outputs.map((o) => bytesField(2, o)),
    bytesField(3, `${op}_${index}`),
    bytesField(4, op),
    ...Object.entries(attrs).map(([k, v]) => bytesField(5, attribute(k, v))),
  ];
}

/**
 * ModelProto { ir_version = 1, producer_name = 2, graph = 7, opset_import = 8: { domain = 1, version = 2 } }
 * with GraphProto { node = 1, name = 2, initializer = 5, input = 11, output = 12 }.
 */
export function encodeModel({ nodes, initializers, inputs, outputs, name = "simdloss_bench" }) {
  const graph = [
    ...nodes.map((n, i) => bytesField(1, nodeProto(n, i))),
    bytesField(2, name),
    ...initializers.map((t) => bytesField(5, tensorProto(t))),
    ...inputs.map((v) => bytesField(11, valueInfo(v))),
    ...outputs.map((v) => bytesField(12, valueInfo(v))),
  ];
  return concat([
    intField(1, IR_VERSION),
    bytesField(2, "simdloss-bench"),
    bytesField(7, graph),
    bytesField(8, [intField(2, OPSET)]), // the default domain ("" = ai.onnx): domain field left out
  ]);
}

// ---- the graph builder ----

/**
 * Builds a model: `inputs` are the graph inputs ({ name, type, dims }); `build(g, ...inputNames)`
 * adds nodes with `g.op(type, inputs, attrs?, outputCount?)` (returns the output name, or names
 * when outputCount > 1) and constants with `g.constant(typedArray, dims?)` (a float32 scalar:
 * `g.scalar(v)`), reads input shapes with `g.dims(name)` and `g.size(name)` (elements), and
 * returns the output name, or an object of output names ({ loss, grad }). Every output is float32,
 * of the shape its node gives it. Returns { bytes, outputs } (outputs as `build` returned them).
 */
export function onnxModel(inputs, build) {
  const nodes = [];
  const initializers = [];
  const dimsOf = new Map(inputs.map((v) => [v.name, v.dims]));
  let next = 0;
  const g = {
    op(op, ins, attrs = {}, outputCount = 1) {
      const outs = Array.from({ length: outputCount }, () => `v${next++}`);
      nodes.push({ op, inputs: ins, outputs: outs, attrs });
      return outputCount === 1 ? outs[0] : outs;
    },
    constant(data, dims = []) {
      const name = `c${next++}`;
      const type = data instanceof Float32Array ? "float32" : data instanceof Int32Array ? "int32" : data instanceof BigInt64Array ? "int64" : null;
      if (!type) throw new TypeError("constant: a Float32Array, Int32Array or BigInt64Array");
      initializers.push({ name, type, dims, data });
      return name;
    },
    /** A float32 scalar constant. */
    scalar(value) {
      return g.constant(Float32Array.of(value));
    },
    dims(name) {
      const d = dimsOf.get(name);
      if (!d) throw new Error(`dims: ${name} is not a graph input`);
      return d;
    },
    /** The element count of a graph input. */
    size(name) {
      return g.dims(name).reduce((a, b) => a * b, 1);
    },
  };
  const result = build(g, ...inputs.map((v) => v.name));
  const names = typeof result === "string" ? [result] : Object.values(result);
  const bytes = encodeModel({ nodes, initializers, inputs, outputs: names.map((name) => ({ name, type: "float32" })) });
  return { bytes, outputs: result };
}
