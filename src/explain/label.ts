/** Options of {@link topicLabel}. */
export interface TopicLabelOptions {
  /** How many terms to use. Default `3`. */
  maxTerms?: number;
  /**
   * `id`: BERTopic's `"<cluster>_<t1>_<t2>_<t3>"` (spaces inside n-grams become `-`);
   * `pretty`: `"t1 · t2 · t3"`. Default `pretty`.
   */
  style?: 'id' | 'pretty';
  /** Separator of the `pretty` style. Default `" · "`. */
  separator?: string;
}

/**
 * A short readable name for a cluster from its ranked terms. Terms whose words all appear in an
 * earlier pick are skipped (`bird`, `bird wing`, `wing` → `bird · bird wing` becomes `bird · wing`
 * style picks), so the label does not repeat itself. Outliers (`-1`) get the `pretty` prefix
 * `"outliers: "`.
 *
 * @example
 * topicLabel(1, ['bird', 'wing', 'feather'], { style: 'id' }); // "1_bird_wing_feather"
 * topicLabel(1, ['bird', 'wing', 'feather']);                  // "bird · wing · feather"
 */
export function topicLabel(cluster: number, terms: readonly string[], options: TopicLabelOptions = {}): string {
  const maxTerms = options.maxTerms ?? 3;
  const picked: string[] = [];
  const words = new Set<string>();
  for (const t of terms) {
    if (picked.length >= maxTerms) break;
    const parts = t.split(/\s+/).filter(Boolean);
    if (parts.length === 0 || parts.every((p) => words.has(p))) continue;
    picked.push(t);
    for (const p of parts) words.add(p);
  }
  if (options.style === 'id') return [String(cluster), ...picked.map((t) => t.replace(/\s+/g, '-'))].join('_');
  const body = picked.length > 0 ? picked.join(options.separator ?? ' · ') : `cluster ${cluster}`;
  return cluster === -1 ? `outliers: ${body}` : body;
}
