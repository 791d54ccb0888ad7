// The one way into pdfjs-dist. Its legacy build replaces built-ins process-wide (src/builtins.ts);
// importing builtins first takes the engine's own functions before pdfjs runs, and they are put
// back once pdfjs and its worker module have loaded. The worker module is loaded here rather than
// on the first getDocument: pdfjs then uses it in this thread (globalThis.pdfjsWorker) instead of
// importing it later, which would replace the built-ins a second time.
import { restoreBuiltins } from '../builtins.ts';
import 'pdfjs-dist/legacy/build/pdf.mjs';
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';

/** The polyfills pdfjs installed, kept only so that `npm run bench` can measure what they cost. */
export const pdfjsPolyfills = restoreBuiltins();

export * from 'pdfjs-dist/legacy/build/pdf.mjs';
