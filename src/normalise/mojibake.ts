/**
 * Mojibake repair: UTF-8 text that was once decoded with a single-byte code
 * page (Windows-1252 / Latin-1, or the DOS code pages 437, 850 and 852) and
 * saved again, e.g. `â€™` for `’`, `Ã©` for `é`, `C├ęcile` for `Cécile`.
 *
 * Each candidate code page maps a character back to the byte it came from.
 * Only a run of characters whose bytes form one complete, valid UTF-8
 * multi-byte sequence is replaced, so text that is already right (and any
 * character outside the code pages: Greek, CJK, emoji, U+FFFD) comes through
 * unchanged. Guards against the rare run that is also plausible real text:
 * - the decoded character must be assigned, printable and not a C1 control;
 * - U+0700-07FF is never produced (`ß’`, `Ü“` are German, not Syriac/NKo);
 * - with a DOS code page, a two-byte run must start with a box-drawing sign,
 *   never a letter (Czech `ěž` is not Arabic);
 * - a decoded CJK / Hangul / kana character must stand beside another repair
 *   or beside CJK text (`café”…` and Czech `šťáva` stay as written).
 */
import iconv from 'iconv-lite';

type ByteTable = ReadonlyMap<string, number>;

interface CodePage {
  table: ByteTable;
  /** DOS code pages: a two-byte run may not start with a letter. */
  dos: boolean;
}

/**
 * Character -> byte for one code page. `latin1`: also map U+0080-U+009F to
 * their bytes, as Latin-1 shows them and as Windows-1252's five undefined
 * bytes survive (`â€\x9d` for `”`).
 */
function buildTable(encoding: string, latin1: boolean): ByteTable {
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte += 1) {
    const char = iconv.decode(Buffer.from([byte]), encoding);
    if (char !== '\ufffd') table.set(char, byte);
  }
  for (let byte = 0x80; latin1 && byte <= 0x9f; byte += 1) table.set(String.fromCharCode(byte), byte);
  return table;
}

const CODE_PAGES: readonly CodePage[] = [
  { table: buildTable('windows-1252', true), dos: false },
  { table: buildTable('cp852', false), dos: true },
  { table: buildTable('cp850', false), dos: true },
  { table: buildTable('cp437', false), dos: true },
];

/** Every character that some code page maps to a byte from 0xC2 to 0xF4 (a UTF-8 lead byte). */
const LEAD_CHARS = [
  ...new Set(CODE_PAGES.flatMap(({ table }) => [...table].filter(([, byte]) => byte >= 0xc2 && byte <= 0xf4).map(([c]) => c))),
];
const LEAD = new RegExp(`[${LEAD_CHARS.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');

const UNPRINTABLE = /[\p{Cc}\p{Cn}\p{Co}\p{Cs}]/u;
const NEEDS_COMPANY = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/** Expected continuation count and the allowed range of the first continuation byte. */
function leadInfo(lead: number): { count: number; min: number; max: number } | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { count: 1, min: 0x80, max: 0xbf };
  if (lead === 0xe0) return { count: 2, min: 0xa0, max: 0xbf };
  if (lead === 0xed) return { count: 2, min: 0x80, max: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { count: 2, min: 0x80, max: 0xbf };
  if (lead === 0xf0) return { count: 3, min: 0x90, max: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { count: 3, min: 0x80, max: 0xbf };
  if (lead === 0xf4) return { count: 3, min: 0x80, max: 0x8f };
  return undefined;
}

interface Repair {
  start: number;
  end: number;
  char: string;
  needsCompany: boolean;
}

function tryCodePage(text: string, start: number, page: CodePage, allowC1: boolean): Repair | undefined {
  const leadChar = text[start] as string;
  const lead = page.table.get(leadChar);
  if (lead === undefined) return undefined;
  const info = leadInfo(lead);
  if (info === undefined) return undefined;
  if (page.dos && info.count === 1 && /\p{L}/u.test(leadChar)) return undefined;
  const bytes = [lead];
  for (let k = 1; k <= info.count; k += 1) {
    const next = text[start + k];
    const byte = next === undefined ? undefined : page.table.get(next);
    const min = k === 1 ? info.min : 0x80;
    const max = k === 1 ? info.max : 0xbf;
    if (byte === undefined || byte < min || byte > max) return undefined;
    bytes.push(byte);
  }
  const char = Buffer.from(bytes).toString('utf8');
  const code = char.codePointAt(0) ?? 0;
  const c1 = code >= 0x80 && code <= 0x9f;
  if ((UNPRINTABLE.test(char) && !(allowC1 && c1)) || (code >= 0x700 && code <= 0x7ff)) return undefined;
  return { start, end: start + 1 + info.count, char, needsCompany: NEEDS_COMPANY.test(char) };
}

function findRepairs(text: string, pages: readonly CodePage[], allowC1: boolean): Repair[] {
  const found: Repair[] = [];
  let next = 0;
  for (const m of text.matchAll(LEAD)) {
    if (m.index < next) continue;
    const repair = firstRepair(text, m.index, pages, allowC1);
    if (repair) {
      found.push(repair);
      next = repair.end;
    }
  }
  return found;
}

function firstRepair(text: string, start: number, pages: readonly CodePage[], allowC1: boolean): Repair | undefined {
  for (const page of pages) {
    const repair = tryCodePage(text, start, page, allowC1);
    if (repair) return repair;
  }
  return undefined;
}

/**
 * The code pages in the order to try them for this text: the one that
 * explains the most runs first (`Î®` is Greek in Windows-1252 but Hebrew in
 * CP850), Windows-1252 first on a tie.
 */
function pagesFor(text: string, allowC1: boolean): CodePage[] {
  const counts = CODE_PAGES.map((page) => findRepairs(text, [page], allowC1).length);
  return CODE_PAGES.map((page, index) => ({ page, index, count: counts[index] ?? 0 }))
    .sort((x, y) => y.count - x.count || x.index - y.index)
    .map(({ page }) => page);
}

function hasCompany(text: string, repairs: readonly Repair[], index: number): boolean {
  const r = repairs[index] as Repair;
  const before = repairs[index - 1];
  const after = repairs[index + 1];
  if (before?.end === r.start || after?.start === r.end) return true;
  return NEEDS_COMPANY.test(text.slice(Math.max(0, r.start - 1), r.start) + text.slice(r.end, r.end + 1));
}

/** One pass. `allowC1`: a run may decode to a C1 control, which only a second pass can make sense of. */
function repairOnce(text: string, allowC1: boolean): string {
  const first = findRepairs(text, CODE_PAGES, allowC1);
  if (first.length === 0) return text;
  const pages = pagesFor(text, allowC1);
  const repairs = pages.every((page, i) => page === CODE_PAGES[i]) ? first : findRepairs(text, pages, allowC1);
  let out = '';
  let last = 0;
  repairs.forEach((r, index) => {
    if (r.needsCompany && !hasCompany(text, repairs, index)) return;
    out += text.slice(last, r.start) + r.char;
    last = r.end;
  });
  return out + text.slice(last);
}

/**
 * `Â` left over from a no-break space that later became an ordinary space
 * (`10Â km`, `endÂ  Next`); kept after a capital letter (all-caps words).
 */
const STRAY_A_CIRCUMFLEX = /(?<!\p{Lu})\u00c2(?=[ \u00a0])/gu;

function countC1(text: string): number {
  return text.match(/[\u0080-\u009f]/g)?.length ?? 0;
}

/** A quick test that rules out most clean text: a lead character followed by a non-ASCII one. */
const MAYBE_MOJIBAKE = new RegExp(`${LEAD.source}[\\u0080-\\uffff]`);

/**
 * Repair UTF-8 read as Windows-1252, Latin-1, CP437, CP850 or CP852; a text
 * repaired twice over (double-encoded) is repaired in a second pass.
 * Correct text is returned unchanged.
 */
export function repairMojibake(text: string): string {
  if (!MAYBE_MOJIBAKE.test(text)) return text.includes('\u00c2') ? text.replace(STRAY_A_CIRCUMFLEX, '') : text;
  // A text misread twice (`Ã¢â‚¬â„¢`) goes through a C1 control on its way back to `’`.
  const once = repairOnce(text, true);
  const twice = once === text ? once : repairOnce(once, false);
  const safe = countC1(twice) > countC1(text) ? repairOnce(text, false) : twice;
  return safe.replace(STRAY_A_CIRCUMFLEX, '');
}

const SUSPECT =
  /\ufffd|(?<=\p{L})\?(?=\p{L})|[\u2500-\u257f](?=\p{L})|\u00c3[\u0080-\u00bf]|\u00e2\u20ac|\u00c2(?=[\s\u00a0\u00a3])/gu;

/**
 * How damaged a text looks: replacement characters, `?` inside a word (a
 * character lost to a lossy conversion), and mojibake left unrepaired.
 * 0 for clean text. Used to prefer the better of two copies of a post.
 */
export function damageScore(text: string): number {
  return text.match(SUSPECT)?.length ?? 0;
}
