/**
 * Text that went wrong before it reached us. U+FFFD is what the decoder puts where bytes were not
 * UTF-8. Mojibake is UTF-8 read as Latin-1 or Windows-1252 and saved again: "é" becomes "Ã©",
 * "’" becomes "â€™" (cameoEvent.txt's 044 label has "Ã’" and "Ã“"). A lone "Ã" or "Â" before a
 * plain letter is legitimate ("SÃO PAULO"), so only the pairs that UTF-8 lead bytes produce count.
 */
const REPLACEMENT = '\uFFFD';

// Second characters of a mojibake pair: the Latin-1 continuation range U+0080-U+00BF plus what
// Windows-1252 shows for bytes 0x80-0x9F.
const CONTINUATION =
  '\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122';
const MOJIBAKE = new RegExp(`[\u00C2\u00C3][${CONTINUATION}]|\u00E2\u20AC[${CONTINUATION}]`);

export function hasBrokenCharacters(text: string): boolean {
  return text.includes(REPLACEMENT) || MOJIBAKE.test(text);
}
