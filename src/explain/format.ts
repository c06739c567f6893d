const FMT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const FMT_INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A number for people: thousands separators and at most 4 significant digits below 10,000
 * (`52000` → `"52,000"`, `51987.5` → `"51,988"`, `0.123456` → `"0.1235"`).
 *
 * @example formatNumber(51987.5) // "51,988"
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 10000) return FMT_INT.format(x);
  return FMT.format(x);
}

/** `"p < 0.001"` or `"p = 0.023"`. @example formatP(0.0004) // "p < 0.001" */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return 'p = n/a';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** `0.4213` → `"42%"`. @example formatShare(0.4213) // "42%" */
export function formatShare(x: number): string {
  return `${Math.round(x * 100)}%`;
}
