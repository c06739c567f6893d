/**
 * A fast, synchronous, browser-and-Node 128-bit hash for cache keys: four 32-bit multiply-xorshift
 * lanes (MurmurHash3-style finalisers) over the UTF-16 code units of the input. Not cryptographic;
 * 128 bits keep accidental collisions out of reach (about 1e-20 for a billion keys).
 *
 * @example
 * hash128('hello'); // '5d6b2a...' (32 hex characters)
 */
export function hash128(input: string): string {
  let h1 = 0x9e3779b1 ^ input.length;
  let h2 = 0x85ebca77;
  let h3 = 0xc2b2ae3d;
  let h4 = 0x27d4eb2f;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h3 = Math.imul(h3 ^ c, 0x85ebca6b);
    h4 = Math.imul(h4 ^ c, 0xcc9e2d51);
    // Cross-feed the lanes every step so they never stay independent FNV-like streams.
    h1 ^= h4 >>> 15;
    h2 ^= h1 >>> 13;
    h3 ^= h2 >>> 16;
    h4 ^= h3 >>> 11;
  }
  const fin = (h: number, seed: number): number => {
    h ^= seed;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  const a = fin(h1 ^ h3, 0x1b873593);
  const b = fin(h2 ^ h4 ^ a, 0xe6546b64);
  const c = fin(h3 ^ b, 0x3c6ef372);
  const d = fin(h4 ^ c ^ h1, 0xa54ff53a);
  return hex8(a) + hex8(b) + hex8(c) + hex8(d);
}

function hex8(x: number): string {
  return x.toString(16).padStart(8, '0');
}
