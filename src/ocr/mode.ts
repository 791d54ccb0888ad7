// When pages are read by OCR. `auto`: only pages without a usable text layer (a scan, or text whose
// characters cannot be read: glyphs without a Unicode mapping); `always`: every page and image, the
// text layer ignored (a scan whose hidden text layer is wrong); `never`: no OCR (scanned pages get a
// NO_TEXT_LAYER warning, images an error).
import { UsageError } from '../errors.ts';

export const OCR_MODES = ['auto', 'always', 'never'] as const;
export type OcrMode = (typeof OCR_MODES)[number];

/** The environment variable `--ocr` sets, so that extraction processes and queue workers share it. */
export const OCR_ENV = 'VETREPORT_OCR';

/** The mode this process runs with: `$VETREPORT_OCR`, default auto. */
export function ocrMode(): OcrMode {
  const v = process.env[OCR_ENV];
  return v && (OCR_MODES as readonly string[]).includes(v) ? (v as OcrMode) : 'auto';
}

/** `--ocr MODE`: checked, then put where extraction processes started later will read it. */
export function setOcrMode(value: string): void {
  if (!(OCR_MODES as readonly string[]).includes(value)) throw new UsageError(`--ocr must be one of ${OCR_MODES.join(', ')} (got "${value}")`);
  process.env[OCR_ENV] = value;
}
