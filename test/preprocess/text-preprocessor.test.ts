import { describe, expect, it } from 'vitest';
import { TextPreprocessor, cleanTextWithReport, emptyCleaningCounts, parseCleaningOptions, detectLanguages } from '../../src/preprocess/index.js';

const clean = (s: string, o = {}) => {
  const counts = emptyCleaningCounts();
  return { out: cleanTextWithReport(s, parseCleaningOptions(o), counts), counts };
};

describe('cleaning rules', () => {
  it('strips HTML tags and decodes entities', () => {
    const { out, counts } = clean('<p>Fish &amp; chips&nbsp;&#233;t&eacute;</p><script>x=1</script><br/>done');
    expect(out).toBe('Fish & chips été done');
    expect(counts.html.texts).toBe(1);
    expect(counts.html.matches).toBe(8); // script block, <p>, </p>, <br/>, &amp; &nbsp; &#233; &eacute;
  });
  it('removes markdown but keeps link text', () => {
    expect(clean('# Title\n\n* **bold** and _it_ see [the docs](https://x.org/a_(b)) `code`').out).toBe('Title bold and it see the docs code');
  });
  it('removes or replaces URLs and e-mails', () => {
    expect(clean('see https://example.com/a?b=1, or www.x.org. Mail bob.smith+tag@mail.example.co.uk!').out).toBe('see , or . Mail !');
    const r = clean('go to http://a.io now; write a@b.org', { urls: '<url>', emails: '<email>' });
    expect(r.out).toBe('go to <url> now; write <email>');
    expect(r.counts.urls.matches).toBe(1);
    expect(r.counts.emails.matches).toBe(1);
  });
  it('normalises Unicode (NFKC) and whitespace, removes zero-width characters, lowercases on request', () => {
    expect(clean('ﬁne  Ｆｕｌｌ\u200bwidth\t\n x').out).toBe('fine Fullwidth x');
    expect(clean('MiXeD', { lowercase: true }).out).toBe('mixed');
    expect(clean('keep <b>tags</b>', { html: false }).out).toBe('keep <b>tags</b>');
  });
  it('counts nothing for a clean text', () => {
    const { counts } = clean('already clean');
    expect(Object.values(counts).every((c) => c.texts === 0)).toBe(true);
  });
});

describe('language detection', () => {
  it('detects several languages on full sentences', async () => {
    const g = await detectLanguages([
      'The quick brown fox jumps over the lazy dog near the river bank.',
      'Ich möchte heute Abend einen Tisch für zwei Personen reservieren.',
      'Je voudrais réserver une table pour deux personnes ce soir.',
      'Quisiera reservar una mesa para dos personas esta noche.',
      'Быстрая коричневая лиса прыгает через ленивую собаку.',
      'ok',
    ]);
    expect(g.map((x) => x.language)).toEqual(['en', 'de', 'fr', 'es', 'ru', 'und']);
  });
});

describe('TextPreprocessor', () => {
  it('de-duplicates with counts and maps every row back to its group', async () => {
    const rows = [
      { id: 1, title: 'Red apples', body: 'Fresh <b>red</b> apples from the farm.' },
      { id: 2, title: 'Red apples', body: 'Fresh red apples from the farm.' },
      { id: 3, title: 'Pears', body: null },
      { id: 4, title: 'Red apples', body: 'Fresh red   apples from the farm.' },
    ];
    const out = await new TextPreprocessor({ detectLanguage: false }).process(rows, ['title', 'body']);
    expect(out.texts[0]).toBe('Red apples\nFresh red apples from the farm.');
    expect(Array.from(out.groupOf)).toEqual([0, 0, 1, 0]);
    expect(Array.from(out.counts)).toEqual([3, 1]);
    expect(out.unique).toHaveLength(2);
    expect(out.report.duplicateRows).toBe(2);
    expect(out.report.topDuplicates[0]).toEqual({ text: 'Red apples\nFresh red apples from the farm.', rows: 3 });
    expect(out.report.cleaning.html.texts).toBe(1);
    expect(out.report.cleaning.whitespace.texts).toBe(1);
    expect(out.columns.body![2]).toBe('');
    // every row's text is recoverable from its group
    for (let i = 0; i < rows.length; i++) expect(out.unique[out.groupOf[i]!]).toBe(out.texts[i]);
  });
  it('reports languages per row', async () => {
    const out = await new TextPreprocessor().process([
      'I would like to book a table for two people tonight.',
      'Vorrei prenotare un tavolo per due persone stasera.',
      'I would like to book a table for two people tonight.',
    ]);
    expect(out.languages).toEqual(['en', 'it', 'en']);
    expect(out.report.languages).toEqual([{ language: 'en', rows: 2 }, { language: 'it', rows: 1 }]);
  });
  it('names a missing column', async () => {
    await expect(new TextPreprocessor().process([{ text: 'a b' }], ['body'])).rejects.toThrow(/Text column "body"/);
  });
  it('tokenises by words, n-grams, characters and a model tokenizer', async () => {
    expect(await new TextPreprocessor({ tokenization: 'words' }).tokenize('Red-hot apple pie')).toEqual(['red-hot', 'apple', 'pie']);
    expect(await new TextPreprocessor({ tokenization: 'ngrams', ngramRange: [1, 2] }).tokenize('red apple pie')).toEqual(['red', 'apple', 'pie', 'red apple', 'apple pie']);
    expect(await new TextPreprocessor({ tokenization: 'chars', ngramRange: [3, 3] }).tokenize('cat')).toEqual(['<ca', 'cat', 'at>']);
    expect(await new TextPreprocessor({ tokenization: 'words', stopWords: true }).tokenize('Der Hund und die Katze', 'de')).toEqual(['hund', 'katze']);
    const model = new TextPreprocessor({ tokenization: 'model' }).useTokenizer((t) => t.split(/(?=[A-Z])/));
    expect(await model.tokenize('HelloWorld')).toEqual(['Hello', 'World']);
    await expect(new TextPreprocessor({ tokenization: 'model' }).tokenize('x')).rejects.toThrow(/needs a model id/);
  });
  it('rejects a bad option naming the field', () => {
    expect(() => new TextPreprocessor({ tokenization: 'bpe' as never })).toThrow(/tokenization/);
  });
});
