// Types for the hand-written ONNX protobuf writer/reader (used by tests to read weights back).
export declare const DataType: { FLOAT: 1; INT8: 3; INT64: 7; FLOAT16: 10 };
export interface ProtoField { field: number; wire: number; value: number | Uint8Array }
export declare function readFields(buf: Uint8Array): ProtoField[];
export interface InitializerTensor { name: string; dataType: number; dims: number[]; raw: Uint8Array }
export declare function readInitializers(modelBytes: Uint8Array): Record<string, InitializerTensor>;
export declare function tensor(name: string, dataType: number, dims: number[], raw: Uint8Array): Uint8Array[];
export declare function valueInfo(name: string, elemType: number, dims: (number | string)[]): Uint8Array[];
export declare function node(opType: string, inputs: string[], outputs: string[], name: string, intAttributes?: Record<string, number>): Uint8Array[];
export declare function model(options: {
  irVersion: number; opset: number; producer: string; producerVersion: string; graphName: string;
  nodes: Uint8Array[][]; initializers: Uint8Array[][]; inputs: Uint8Array[][]; outputs: Uint8Array[][]; docString: string;
}): Uint8Array;
