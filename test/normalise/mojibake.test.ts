import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { damageScore, repairMojibake } from '../../src/normalise/index.js';

/**
 * What a program shows when it reads UTF-8 bytes as `encoding`. Windows-1252
 * as browsers read it: the five bytes it leaves undefined become C1 controls.
 */
function misread(text: string, encoding: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = iconv.decode(Buffer.from([byte]), encoding);
      return char === '\ufffd' ? String.fromCharCode(byte) : char;
    })
    .join('');
}

const CORRECT = [
  'Cécile Guillaume',
  'It doesn’t take a lot of thought – “quoted” … and ‘single’ — £5, €3, ™, ©, ½',
  'naïve café résumé Zürich Straße Ærø',
  'Łódź, Kraków, źdźbło; těžký, šťáva, žluťoučký kůň; Ünlü, ağaç',
  'Ελληνικά, Привет мир, שלום, مرحبا بالعالم',
  '日本語のテキスト, 中文, 한국어',
  'emoji 😀 👨‍👩‍👧 🇬🇧 ❤️',
  'Tiếng Việt có dấu',
  'α-blockers, β 2 ≥ 1, µg, ± 5 %',
  'lost character: C\ufffdcile',
  'Nothing to see here, plain ASCII.',
];

describe('repairMojibake', () => {
  it.each(CORRECT)('leaves correct text unchanged: %s', (text) => {
    expect(repairMojibake(text)).toBe(text);
  });

  it('repairs the name misread as DOS code page 852 in the seed export 000', () => {
    expect(repairMojibake('Professor Gill Kirton and Dr C├ęcile Guillaume conclude')).toBe(
      'Professor Gill Kirton and Dr Cécile Guillaume conclude',
    );
  });

  it('repairs the common Windows-1252 and Latin-1 forms', () => {
    expect(repairMojibake('It doesnâ€™t matter')).toBe('It doesn’t matter');
    expect(repairMojibake('cafÃ© and rÃ©sumÃ©')).toBe('café and résumé');
    expect(repairMojibake('â€œquotedâ€\u009d')).toBe('“quoted”');
    expect(repairMojibake('a dash â€“ and an ellipsis â€¦')).toBe('a dash – and an ellipsis …');
    expect(repairMojibake('costs Â£5')).toBe('costs £5');
  });

  it('drops the stray Â a no-break space leaves before a space', () => {
    expect(repairMojibake('end.Â  Next and 10Â km')).toBe('end.  Next and 10 km');
    expect(repairMojibake('endÂ\u00a0Next')).toBe('end\u00a0Next');
  });

  it('keeps an all-caps word that ends in Â', () => {
    expect(repairMojibake('PRAÇA DO FORMÂ ')).toBe('PRAÇA DO FORMÂ ');
  });

  it.each(['windows-1252', 'cp852', 'cp850', 'cp437'])('repairs accented Latin text misread as %s', (encoding) => {
    const text = 'Cécile, naïve café, Zürich, “quoted” – done… ’';
    expect(repairMojibake(misread(text, encoding))).toBe(text);
  });

  it('repairs Central European text misread as cp852 and as Windows-1252', () => {
    const text = 'Łódź, Kraków, těžký, šťáva, kůň';
    expect(repairMojibake(misread(text, 'cp852'))).toBe(text);
    expect(repairMojibake(misread(text, 'windows-1252'))).toBe(text);
  });

  it('repairs Greek, Cyrillic, CJK and emoji misread as Windows-1252', () => {
    const text = 'Ελληνικά Привет 日本語 한국어 😀';
    expect(repairMojibake(misread(text, 'windows-1252'))).toBe(text);
  });

  it('repairs the apostrophe as a DOS console shows it', () => {
    expect(repairMojibake('donΓÇÖt')).toBe('don’t');
  });

  it.each(['windows-1252', 'latin1'])('repairs text that was misread as %s twice over', (encoding) => {
    const twice = misread(misread('It doesn’t, café', encoding), encoding);
    expect(twice).not.toBe('It doesn’t, café');
    expect(repairMojibake(twice)).toBe('It doesn’t, café');
  });

  it('repairs only the damaged part of a mixed text', () => {
    expect(repairMojibake('Cécile and C├ęcile, don’t and donâ€™t')).toBe('Cécile and Cécile, don’t and don’t');
  });

  it('does not turn plausible real text into another script', () => {
    // ß + ’ would be U+07D2 (NKo); é + ” + … would be a CJK character.
    expect(repairMojibake('Die Straß’ und „groß“')).toBe('Die Straß’ und „groß“');
    expect(repairMojibake('a café”… and more')).toBe('a café”… and more');
    expect(repairMojibake('2×½ cups')).toBe('2×½ cups');
  });

  it('keeps right-to-left text and its direction marks', () => {
    const text = '\u200fשלום עולם\u200e and مرحبا';
    expect(repairMojibake(text)).toBe(text);
  });
});

describe('damageScore', () => {
  it('is 0 for clean text and counts lost or garbled characters', () => {
    expect(damageScore('Cécile doesn’t')).toBe(0);
    expect(damageScore('C\ufffdcile')).toBe(1);
    expect(damageScore('C?cile')).toBe(1);
    expect(damageScore('C├ęcile and donâ€™t')).toBe(2);
  });
});
