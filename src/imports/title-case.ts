/**
 * GDELT writes every name in capitals ("BASHAR AL ASSAD", "THE WHITE HOUSE"). People read
 * "Bashar al Assad"; acronyms such as "EU" or "UN" stay as they are, since "Eu" names nothing.
 */
const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'al',
  'el',
  'de',
  'del',
  'da',
  'di',
  'du',
  'la',
  'le',
  'van',
  'von',
  'bin',
  'ibn',
]);
const ACRONYMS = new Set([
  'EU',
  'UN',
  'US',
  'UK',
  'AU',
  'UAE',
  'USA',
  'NATO',
  'IMF',
  'OPEC',
  'ASEAN',
  'NASA',
  'BBC',
  'CNN',
  'ICC',
  'WHO',
  'WTO',
  'IAEA',
  'OSCE',
  'UNSC',
  'II',
  'III',
  'IV',
]);

export function titleCase(raw: string): string {
  const words = raw.trim().split(/\s+/);
  return words
    .map((word, index) => {
      if (ACRONYMS.has(word)) return word;
      const lower = word.toLowerCase();
      if (index > 0 && SMALL_WORDS.has(lower)) return lower;
      // Capitalise after hyphens and apostrophes too: Jean-Claude, O'Brien.
      return lower.replace(/(^|[-'’])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
    })
    .join(' ');
}

/** A key that ignores case, accents and spacing: "Erdoğan" and "ERDOGAN" are one name. */
export function nameKey(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
