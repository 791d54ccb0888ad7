// The review server: node:http only. Serves the index and one page per document (the diff recomputed
// from the store whenever its runs change), and takes decisions about changes.
//
//   GET  /  /index.html          index
//   GET  /docs/<docId>.html      a document's page
//   GET  /api/decisions          the current decisions (the logs of the newer run and earlier ones, last per id)
//   GET  /api/source/<sha256>?lineStart&lineEnd | paragraphIndex | tableIndex
//                                what the source panel shows of a record's source (source.ts)
//   GET  /sources/<sha256>       a PDF source's bytes, for pdf.js in the page
//   GET  /assets/pdfjs/…         pdf.js's browser build, its worker, cMaps and standard fonts (fixed files)
//   POST /api/decisions          {changeId, verdict: 'accepted'|'wrong', comment?, reviewer?} → {decision}
//                                changeId: a record change's id, or one of its cells' / paragraphs' ids
//
// It binds to 127.0.0.1 unless told otherwise, answers only requests with one Host header naming the
// address it is bound to (a DNS-rebinding guard), refuses cross-origin POSTs, and takes decisions
// only as small JSON bodies about changes in the current diff. Decisions are appended to a log, so
// any number of servers on one store keep every decision (decisions.ts).
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Store } from '../store/store.ts';
import { cachedReview } from './data.ts';
import { appendDecision, loadDecisions, MAX_LINE_BYTES, type Decision } from './decisions.ts';
import { REVIEW_SCRIPT, renderDocument, renderIndex } from './render.ts';
import { docxPart, textLines } from './source.ts';

export interface ReviewServerOptions {
  store: Store;
  /** Older run (run id, prefix, or a directory with records.jsonl); default as `vetreport diff`. */
  a?: string;
  /** Newer run; default the newest. */
  b?: string;
  /** Compare two editions of a report (as `vetreport diff --align`). */
  align?: boolean;
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
}

export interface ReviewServer {
  url: string;
  close: () => Promise<void>;
}

export const MAX_BODY_BYTES = 16 * 1024;
/** A comment's length: with the rest of the decision it stays within one atomic log line (MAX_LINE_BYTES). */
export const MAX_COMMENT_CHARS = 1000;
export const MAX_REVIEWER_CHARS = 80;
const CHANGE_ID = /^[0-9a-f]{16}$/;

const SCRIPT_HASH = `sha256-${createHash('sha256').update(REVIEW_SCRIPT).digest('base64')}`;
// 'self' scripts: pdf.js's browser build and its worker, served from fixed routes below.
const PAGE_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}' 'self'; worker-src 'self'; connect-src 'self'; img-src data: blob:; font-src data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** pdf.js's browser build: the only files outside the store the server reads, by fixed names. */
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const PDFJS_FILES: Record<string, string> = { 'pdf.mjs': 'build/pdf.min.mjs', 'pdf.worker.mjs': 'build/pdf.worker.min.mjs' };
const listDir = (d: string) => {
  try {
    return new Set(readdirSync(path.join(PDFJS_DIR, d)));
  } catch {
    return new Set<string>();
  }
};
const PDFJS_DIRS: Record<string, Set<string>> = { cmaps: listDir('cmaps'), standard_fonts: listDir('standard_fonts') };
const SHA256 = /^[0-9a-f]{64}$/;

function pdfjsAsset(rest: string): { file: string; type: string } | null {
  const fixed = PDFJS_FILES[rest];
  if (fixed) return { file: path.join(PDFJS_DIR, fixed), type: 'text/javascript; charset=utf-8' };
  const [dir, name, more] = rest.split('/');
  if (more !== undefined || !dir || !name || !PDFJS_DIRS[dir]?.has(name)) return null;
  return { file: path.join(PDFJS_DIR, dir, name), type: 'application/octet-stream' };
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const isLoopback = (h: string) => h === 'localhost' || h === '::1' || /^127\./.test(h);
const hostPart = (h: string) => (h.includes(':') ? `[${h}]` : h);

/** Host header values that name this server: the bound address, localhost for a loopback bind, the machine's addresses for a wildcard bind. */
function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set<string>([host]);
  if (isLoopback(host)) for (const h of ['localhost', '127.0.0.1', '::1']) names.add(h);
  if (host === '0.0.0.0' || host === '::') {
    names.add('localhost');
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(i.address);
  }
  return new Set([...names].map((h) => `${hostPart(h)}:${port}`.toLowerCase()));
}

/** Validates a decision body; the message says what is wrong. */
export function parseDecisionBody(body: unknown): { changeId: string; verdict: Decision['verdict']; comment: string; reviewer: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'expected a JSON object {changeId, verdict, comment?, reviewer?}');
  const o = body as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => k !== 'changeId' && k !== 'verdict' && k !== 'comment' && k !== 'reviewer');
  if (extra.length) throw new HttpError(400, `unexpected field ${extra.join(', ')}`);
  if (typeof o.changeId !== 'string' || !CHANGE_ID.test(o.changeId)) throw new HttpError(400, 'changeId must be 16 hex digits');
  if (o.verdict !== 'accepted' && o.verdict !== 'wrong') throw new HttpError(400, 'verdict must be "accepted" or "wrong"');
  if (o.comment !== undefined && o.comment !== null && typeof o.comment !== 'string') throw new HttpError(400, 'comment must be a string');
  const comment = typeof o.comment === 'string' ? o.comment.trim() : '';
  if (Array.from(comment).length > MAX_COMMENT_CHARS) throw new HttpError(400, `comment longer than ${MAX_COMMENT_CHARS} characters`);
  if (o.reviewer !== undefined && o.reviewer !== null && typeof o.reviewer !== 'string') throw new HttpError(400, 'reviewer must be a string');
  const reviewer = typeof o.reviewer === 'string' ? o.reviewer.trim() : '';
  if (Array.from(reviewer).length > MAX_REVIEWER_CHARS) throw new HttpError(400, `reviewer longer than ${MAX_REVIEWER_CHARS} characters`);
  return { changeId: o.changeId, verdict: o.verdict, comment, reviewer };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `body larger than ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(new HttpError(413, `body larger than ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!done) reject(e);
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string, head = false, extra: Record<string, string> = {}): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(buf.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    ...extra,
  });
  res.end(head ? undefined : buf);
}

const sendJson = (res: ServerResponse, status: number, value: unknown, head = false) => send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`, head);
const sendError = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { error: message });

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const host = opts.host ?? '127.0.0.1';
  const review = cachedReview(opts.store, opts.a, opts.b, opts.align ?? false);
  // Fail now, not on the first page load, when the runs cannot be resolved (empty store, unknown run).
  await review();
  let hosts = new Set<string>();
  let origins = new Set<string>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // RFC 9112 §3.2: a request with more than one Host header is answered 400 (node keeps only the first).
    let hostLines = 0;
    for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hostLines++;
    if (hostLines > 1) throw new HttpError(400, 'more than one Host header');
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!hosts.has(hostHeader)) throw new HttpError(403, 'unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://review.invalid');
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const get = method === 'GET' || head;

    if (url.pathname === '/api/decisions') {
      if (get) {
        const { decisionLogs } = await review();
        return sendJson(res, 200, await loadDecisions(decisionLogs), head);
      }
      if (method !== 'POST') throw new HttpError(405, 'GET or POST');
      return postDecision(req, res);
    }
    if (!get) throw new HttpError(405, 'GET only');
    if (url.pathname.startsWith('/assets/pdfjs/')) {
      const asset = pdfjsAsset(url.pathname.slice('/assets/pdfjs/'.length));
      if (!asset) throw new HttpError(404, 'not found');
      const bytes = await readFile(asset.file);
      res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': String(bytes.length), 'Cache-Control': 'max-age=3600', 'X-Content-Type-Options': 'nosniff' });
      res.end(head ? undefined : bytes);
      return;
    }
    const src = /^\/(api\/source|sources)\/([0-9a-f]{64})$/.exec(url.pathname);
    if (src) return source(src[1] === 'sources', src[2]!, url, res, head);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'Cache-Control': 'max-age=86400' });
      res.end();
      return;
    }
    const html = (body: string) => send(res, 200, 'text/html; charset=utf-8', body, head, { 'Content-Security-Policy': PAGE_CSP });
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const { data, decisionLogs } = await review();
      return html(renderIndex(data, await loadDecisions(decisionLogs), { interactive: true }));
    }
    const m = /^\/docs\/([^/]+)$/.exec(url.pathname);
    if (m) {
      let file: string;
      try {
        file = decodeURIComponent(m[1]!);
      } catch {
        throw new HttpError(400, 'bad document name');
      }
      const { data, decisionLogs } = await review();
      const doc = data.byFile.get(file);
      if (!doc) throw new HttpError(404, 'no such document in this comparison');
      return html(renderDocument(data, doc, await loadDecisions(decisionLogs), { interactive: true }));
    }
    throw new HttpError(404, 'not found');
  }

  /**
   * A source the comparison's records name (never another): a PDF's bytes, or (api) what the panel
   * shows — {available: false, message} when the store no longer keeps it.
   */
  async function source(raw: boolean, sha256: string, url: URL, res: ServerResponse, head: boolean): Promise<void> {
    if (!SHA256.test(sha256)) throw new HttpError(404, 'not found');
    const { data } = await review();
    const known = data.sources.get(sha256);
    if (!known) throw new HttpError(404, 'no record of this comparison comes from that source');
    const bytes = await opts.store.source(sha256);
    if (raw) {
      if (!bytes) throw new HttpError(410, 'the store no longer keeps this source');
      if (known.format !== 'pdf') throw new HttpError(404, 'only PDF sources are served whole');
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" });
      res.end(head ? undefined : bytes);
      return;
    }
    const base = { format: known.format, sourcePath: known.sourcePath, sha256 };
    if (!bytes) return sendJson(res, 200, { ...base, available: false, message: `The source of this run (${known.sourcePath}, sha256 ${sha256.slice(0, 12)}…) is no longer kept in the store.` }, head);
    const num = (k: string): number | undefined => {
      const v = url.searchParams.get(k);
      if (v === null) return undefined;
      if (!/^\d{1,9}$/.test(v)) throw new HttpError(400, `${k} must be a whole number`);
      return Number(v);
    };
    try {
      if (known.format === 'pdf') return sendJson(res, 200, { ...base, available: true, url: `/sources/${sha256}` }, head);
      if (known.format === 'docx') {
        const html = await docxPart(bytes, { paragraphIndex: num('paragraphIndex'), tableIndex: num('tableIndex') });
        return sendJson(res, 200, { ...base, available: true, html }, head);
      }
      const lineStart = num('lineStart') ?? 1;
      const lineEnd = num('lineEnd') ?? lineStart;
      return sendJson(res, 200, { ...base, available: true, lineStart, lineEnd, ...textLines(bytes, lineStart, lineEnd) }, head);
    } catch (e) {
      if (e instanceof HttpError) throw e;
      return sendJson(res, 200, { ...base, available: false, message: `The source could not be read: ${e instanceof Error ? e.message : String(e)}` }, head);
    }
  }

  async function postDecision(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Cross-origin requests: a browser sends Origin with every POST; a page elsewhere has another one.
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin.toLowerCase())) throw new HttpError(403, 'cross-origin request refused');
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'cross-site request refused');
    const type = (req.headers['content-type'] ?? '').toLowerCase().split(';');
    const charset = type.slice(1).map((p) => p.trim()).find((p) => p.startsWith('charset='));
    if (type[0]!.trim() !== 'application/json' || (charset && charset !== 'charset=utf-8')) throw new HttpError(415, 'Content-Type must be application/json');
    const raw = await readBody(req, MAX_BODY_BYTES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      throw new HttpError(400, 'body is not valid JSON');
    }
    const body = parseDecisionBody(parsed);
    const { data, decisionsDir } = await review();
    const target = data.decidable.get(body.changeId);
    if (!target) throw new HttpError(404, `no change ${body.changeId} in the current diff`);
    if (!decisionsDir) throw new HttpError(409, 'the newer side of this comparison has no directory to keep decisions in');
    const decision: Decision = {
      changeId: body.changeId,
      address: target.part?.address ?? null,
      recordChangeId: target.recordChangeId,
      verdict: body.verdict,
      comment: body.comment,
      reviewer: body.reviewer,
      at: new Date().toISOString(),
    };
    try {
      await appendDecision(decisionsDir, decision);
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(400, `decision too long (at most ${MAX_LINE_BYTES} bytes as stored): shorten the comment`);
      throw e;
    }
    sendJson(res, 200, { decision });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof Error ? e.message : String(e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // An oversized body is not read to the end: close the connection after answering.
      if (status === 413) res.setHeader('Connection', 'close');
      sendError(res, status, message);
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${hostPart(shown)}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
