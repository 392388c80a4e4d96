import { describe, expect, it } from 'vitest';
import { measureSms } from '../../../src/auto-replies/sms-segments.js';

const EMOJI = '😀'; // one code point, two UTF-16 code units

describe('measureSms', () => {
  it.each<[string, string, 'GSM-7' | 'UCS-2', number, number, number]>([
    // name, text, encoding, segments, characters, units
    ['an empty text', '', 'GSM-7', 0, 0, 0],
    ['one letter', 'a', 'GSM-7', 1, 1, 1],
    ['exactly 160 GSM-7 characters', 'a'.repeat(160), 'GSM-7', 1, 160, 160],
    ['161 GSM-7 characters', 'a'.repeat(161), 'GSM-7', 2, 161, 161],
    ['exactly 306 (2 × 153)', 'a'.repeat(306), 'GSM-7', 2, 306, 306],
    ['307', 'a'.repeat(307), 'GSM-7', 3, 307, 307],
    ['459 (3 × 153)', 'a'.repeat(459), 'GSM-7', 3, 459, 459],
    ['460', 'a'.repeat(460), 'GSM-7', 4, 460, 460],
    ['the basic table’s accents and Greek', '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà', 'GSM-7', 1, 42, 42],
    ['newlines', 'a\nb\r\nc', 'GSM-7', 1, 6, 6],
    ['a euro sign (extension: 2 septets)', '€', 'GSM-7', 1, 1, 2],
    ['a brace (extension)', '{', 'GSM-7', 1, 1, 2],
    ['all extension characters', '\f^{}\\[~]|€', 'GSM-7', 1, 10, 20],
    ['80 euro signs: 160 septets, one part', '€'.repeat(80), 'GSM-7', 1, 80, 160],
    ['159 letters and a euro sign: 161 septets', 'a'.repeat(159) + '€', 'GSM-7', 2, 160, 161],
    // 152 letters then a euro: ESC+€ would straddle parts 1 and 2, so € moves whole to part 2.
    ['an escape never split from its character', 'a'.repeat(152) + '€' + 'a'.repeat(151), 'GSM-7', 2, 304, 305],
    ['…and one more pushes to a third part', 'a'.repeat(152) + '€' + 'a'.repeat(152), 'GSM-7', 3, 305, 306],
    ['a Polish ą turns the text into UCS-2', 'Dziękujemy ą', 'UCS-2', 1, 12, 12],
    ['exactly 70 UCS-2 characters', 'ą'.repeat(70), 'UCS-2', 1, 70, 70],
    ['71 UCS-2 characters', 'ą'.repeat(71), 'UCS-2', 2, 71, 71],
    ['134 UCS-2 (2 × 67)', 'ą'.repeat(134), 'UCS-2', 2, 134, 134],
    ['135 UCS-2', 'ą'.repeat(135), 'UCS-2', 3, 135, 135],
    ['Russian', 'Спасибо за сообщение!', 'UCS-2', 1, 21, 21],
    ['an emoji counts 2 units', EMOJI, 'UCS-2', 1, 1, 2],
    ['68 letters and an emoji: 70 units, one part', 'a'.repeat(68) + EMOJI, 'UCS-2', 1, 69, 70],
    ['69 letters and an emoji: 71 units', 'a'.repeat(69) + EMOJI, 'UCS-2', 2, 70, 71],
    // The pair would straddle units 67/68: it moves whole to part 2 (66 + 2 + 66 = 134 units, yet 3 parts).
    ['an emoji at the 67-unit boundary is never cut', 'a'.repeat(66) + EMOJI + 'a'.repeat(66), 'UCS-2', 3, 133, 134],
    ['an emoji just before the boundary fits', 'a'.repeat(65) + EMOJI + 'a'.repeat(67), 'UCS-2', 2, 133, 134],
    ['a curly quote is not GSM-7', 'We’re open', 'UCS-2', 1, 10, 10],
    ['an em dash is not GSM-7', 'Open — now', 'UCS-2', 1, 10, 10],
    ['a lowercase ç is not in the basic table', 'ç', 'UCS-2', 1, 1, 1],
  ])('%s', (_name, text, encoding, segments, characters, units) => {
    expect(measureSms(text)).toMatchObject({ encoding, segments, characters, units });
  });

  it('reports the part size by whether the text is split', () => {
    expect(measureSms('a'.repeat(160)).unitsPerSegment).toBe(160);
    expect(measureSms('a'.repeat(161)).unitsPerSegment).toBe(153);
    expect(measureSms('ą').unitsPerSegment).toBe(70);
    expect(measureSms('ą'.repeat(71)).unitsPerSegment).toBe(67);
  });
});
