/**
 * A fast, synchronous, browser-and-Node 128-bit hash for cache keys: MurmurHash3's x86_128 block
 * mixing run over the UTF-16 code units of the input (two code units per 32-bit word), with a seed.
 * Not cryptographic; 128 bits keep accidental collisions out of reach (about 1e-20 for a billion keys).
 *
 * @example
 * hash128('hello'); // 32 hex characters
 */
export function hash128(input: string, seed = 0): string {
  const [a, b, c, d] = murmur128(input, seed);
  return hex32(a) + hex32(b) + hex32(c) + hex32(d);
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** The four 32-bit words of the hash (see {@link hash128}). @example murmur128('hello', 42) // [a, b, c, d] */
export function murmur128(input: string, seed = 0): [number, number, number, number] {
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;
  const len = input.length;
  const blocks = len >>> 3; // 8 code units = 16 bytes per block
  let i = 0;
  for (let blk = 0; blk < blocks; blk++, i += 8) {
    let k1 = input.charCodeAt(i) | (input.charCodeAt(i + 1) << 16);
    let k2 = input.charCodeAt(i + 2) | (input.charCodeAt(i + 3) << 16);
    let k3 = input.charCodeAt(i + 4) | (input.charCodeAt(i + 5) << 16);
    let k4 = input.charCodeAt(i + 6) | (input.charCodeAt(i + 7) << 16);
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // Tail: up to 7 code units packed little-endian into k1..k4.
  const rest = len - i;
  if (rest > 0) {
    const w = [0, 0, 0, 0];
    for (let j = 0; j < rest; j++) w[j >>> 1] = w[j >>> 1]! | (input.charCodeAt(i + j) << ((j & 1) * 16));
    if (rest > 6) h4 ^= Math.imul(rotl(Math.imul(w[3]!, C4), 18), C1);
    if (rest > 4) h3 ^= Math.imul(rotl(Math.imul(w[2]!, C3), 17), C4);
    if (rest > 2) h2 ^= Math.imul(rotl(Math.imul(w[1]!, C2), 16), C3);
    h1 ^= Math.imul(rotl(Math.imul(w[0]!, C1), 15), C2);
  }
  const bytes = len * 2;
  h1 ^= bytes;
  h2 ^= bytes;
  h3 ^= bytes;
  h4 ^= bytes;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[x >>> 24]! + HEX[(x >>> 16) & 0xff]! + HEX[(x >>> 8) & 0xff]! + HEX[x & 0xff]!;
}
