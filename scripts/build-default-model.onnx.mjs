// A tiny, dependency-free protobuf writer and reader for the few ONNX messages the default static
// embedding model needs (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto). Field
// numbers follow onnx/onnx.proto3. Writing by hand keeps the output byte-for-byte deterministic.

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Protobuf wire types. */
const VARINT = 0;
const LEN = 2;

function varint(value) {
  // Values here are small non-negative integers (< 2^53), so plain arithmetic is exact.
  const out = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const key = (field, wire) => varint(field * 8 + wire);
const fInt = (field, value) => concat([key(field, VARINT), varint(value)]);
const fBytes = (field, bytes) => concat([key(field, LEN), varint(bytes.length), bytes]);
const fStr = (field, s) => fBytes(field, textEncoder.encode(s));
const fMsg = (field, parts) => fBytes(field, concat(parts));

/** ONNX TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT8: 3, INT64: 7, FLOAT16: 10 };

/** TensorProto: dims(1), data_type(2), name(8), raw_data(9). */
export function tensor(name, dataType, dims, raw) {
  return [...dims.map((d) => fInt(1, d)), fInt(2, dataType), fStr(8, name), fBytes(9, raw)];
}

/** ValueInfoProto with a tensor type; dims are numbers (fixed) or strings (symbolic). */
export function valueInfo(name, elemType, dims) {
  const dimMsgs = dims.map((d) => fMsg(1, [typeof d === 'number' ? fInt(1, d) : fStr(2, d)]));
  const tensorType = [fInt(1, elemType), fMsg(2, dimMsgs)];
  return [fStr(1, name), fMsg(2, [fMsg(1, tensorType)])];
}

/** NodeProto: input(1), output(2), name(3), op_type(4), attribute(5). Int attributes only. */
export function node(opType, inputs, outputs, name, intAttributes = {}) {
  const attrs = Object.entries(intAttributes).map(([k, v]) =>
    // AttributeProto: name(1), i(3), type(20) = INT(2)
    fMsg(5, [fStr(1, k), fInt(3, v), fInt(20, 2)]),
  );
  return [...inputs.map((s) => fStr(1, s)), ...outputs.map((s) => fStr(2, s)), fStr(3, name), fStr(4, opType), ...attrs];
}

/**
 * ModelProto bytes: ir_version(1), producer_name(2), producer_version(3), graph(7), opset_import(8).
 * GraphProto: node(1), name(2), initializer(5), doc_string(10), input(11), output(12).
 */
export function model({ irVersion, opset, producer, producerVersion, graphName, nodes, initializers, inputs, outputs, docString }) {
  const graph = [
    ...nodes.map((n) => fMsg(1, n)),
    fStr(2, graphName),
    ...initializers.map((t) => fMsg(5, t)),
    fStr(10, docString),
    ...inputs.map((v) => fMsg(11, v)),
    ...outputs.map((v) => fMsg(12, v)),
  ];
  return concat([
    fInt(1, irVersion),
    fStr(2, producer),
    fStr(3, producerVersion),
    fMsg(7, graph),
    fMsg(8, [fStr(1, ''), fInt(2, opset)]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Reader: enough to read the initializers back (used by tests to check the weights independently).

function readVarint(buf, pos) {
  let result = 0;
  let mul = 1;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * mul;
    if (b < 0x80) return [result, pos];
    mul *= 0x80;
  }
}

/** Splits a message into { field, wire, value } records (value: number for varints, bytes else). */
export function readFields(buf) {
  const out = [];
  let pos = 0;
  while (pos < buf.length) {
    let k;
    [k, pos] = readVarint(buf, pos);
    const field = Math.floor(k / 8);
    const wire = k % 8;
    if (wire === VARINT) {
      let v;
      [v, pos] = readVarint(buf, pos);
      out.push({ field, wire, value: v });
    } else if (wire === LEN) {
      let len;
      [len, pos] = readVarint(buf, pos);
      out.push({ field, wire, value: buf.subarray(pos, pos + len) });
      pos += len;
    } else {
      throw new Error(`Unsupported protobuf wire type ${wire}`);
    }
  }
  return out;
}

/** Reads every initializer of an ONNX model: name → { dataType, dims, raw }. */
export function readInitializers(modelBytes) {
  const graphBytes = readFields(modelBytes).find((f) => f.field === 7).value;
  const result = {};
  for (const f of readFields(graphBytes)) {
    if (f.field !== 5) continue;
    const t = { dims: [], dataType: 0, name: '', raw: new Uint8Array(0) };
    for (const g of readFields(f.value)) {
      if (g.field === 1) t.dims.push(g.value);
      else if (g.field === 2) t.dataType = g.value;
      else if (g.field === 8) t.name = textDecoder.decode(g.value);
      else if (g.field === 9) t.raw = g.value;
    }
    result[t.name] = t;
  }
  return result;
}
