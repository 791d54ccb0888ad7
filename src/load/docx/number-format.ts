// Renders one counter value the way Word prints a w:numFmt. Formats Word only knows for other
// scripts fall back to decimal, which is what a reader of a Chinese report would still recognize.

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const CN_LEGAL_UNITS = ['', '拾', '佰', '仟'];
const CN_UNITS = ['', '十', '百', '千'];
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

/** Chinese counting numerals: 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五. */
function chineseCounting(n: number, digits = CN_DIGITS, units = CN_UNITS): string {
  if (n <= 0) return digits[0]!;
  if (n >= 10000) {
    const high = Math.floor(n / 10000);
    const low = n % 10000;
    const rest = low === 0 ? '' : (low < 1000 ? digits[0]! : '') + chineseCounting(low, digits, units);
    return chineseCounting(high, digits, units) + '万' + rest;
  }
  const parts: string[] = [];
  const s = String(n);
  let pendingZero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const unit = s.length - 1 - i;
    if (d === 0) {
      pendingZero = parts.length > 0;
      continue;
    }
    if (pendingZero) parts.push(digits[0]!);
    pendingZero = false;
    // 一十 is written 十 when it leads (十一, not 一十一), in both counting styles.
    if (!(d === 1 && unit === 1 && i === 0 && digits === CN_DIGITS)) parts.push(digits[d]!);
    parts.push(units[unit]!);
  }
  return parts.join('');
}

function letters(n: number, upper: boolean): string {
  if (n <= 0) return String(n);
  // Word repeats the letter: 27 → AA, 28 → BB.
  const ch = String.fromCharCode((upper ? 65 : 97) + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}

function enclosed(n: number, first: number, max: number): string {
  return n >= 1 && n <= max ? String.fromCodePoint(first + n - 1) : String(n);
}

function circled(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return String(n);
}

function fullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/**
 * Formats a counter. `format` is the w:numFmt value; `custom` is the w:format attribute Word 2010+
 * writes for numFmt="custom" (e.g. "001, 002, 003, ...").
 */
export function formatNumber(n: number, format: string, custom?: string): string {
  switch (format) {
    case 'decimal':
    case 'decimalHalfWidth':
      return String(n);
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return fullWidth(String(n));
    case 'upperLetter':
      return letters(n, true);
    case 'lowerLetter':
      return letters(n, false);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'koreanCounting':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
    case 'ideographLegalTraditional':
    case 'japaneseLegal':
      return chineseCounting(n, CN_LEGAL_DIGITS, CN_LEGAL_UNITS);
    case 'ideographDigital':
    case 'japaneseDigitalTenThousand':
    case 'taiwaneseDigital':
      return String(n).replace(/[0-9]/g, (d) => (d === '0' ? '〇' : CN_DIGITS[Number(d)]!));
    case 'ideographTraditional':
      return n >= 1 ? HEAVENLY_STEMS[(n - 1) % 10]! : String(n);
    case 'ideographZodiac':
      return n >= 1 ? EARTHLY_BRANCHES[(n - 1) % 12]! : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return circled(n);
    case 'decimalEnclosedFullstop':
      return enclosed(n, 0x2488, 20);
    case 'decimalEnclosedParen':
      return enclosed(n, 0x2474, 20);
    case 'ordinal':
      return `${n}${ordinalSuffix(n)}`;
    case 'none':
      return '';
    case 'custom': {
      // "001, 002, 003, ..." → zero-padded to the sample's width.
      const sample = custom?.split(',')[0]?.trim() ?? '';
      if (/^0+1$/.test(sample)) return String(n).padStart(sample.length, '0');
      return String(n);
    }
    default:
      return String(n);
  }
}

function ordinalSuffix(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}
