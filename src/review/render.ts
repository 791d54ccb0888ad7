// The review pages as self-contained HTML (inline CSS and, on served pages, inline JS; no external
// assets, so they open from file://). Pure: a ReviewData and the decisions in, a string out.
//
//   renderIndex     what changed across all documents, per-document counts, links to one page each
//   renderDocument  one document: its chapter tree, every table with its merged header and the cell
//                   changes laid over it, cases, figures, warnings; each change a block with
//                   data-change-id, its decision, and (served) Accept / Flag as wrong buttons —
//                   for the whole change and for each changed cell or paragraph (parts.ts) — and a
//                   Source button that opens the record's source in the side panel
//
// Served pages load pdf.js (/assets/pdfjs/…) only when a PDF source is opened; the page script is
// allowed by its hash (server.ts), every report text reaches the DOM escaped or as textContent.
import path from 'node:path';
import type { Segment } from '../diff/text.ts';
import type { ChangeType, FieldChange, RecordChange, Side } from '../diff/types.ts';
import type { AnyRecord, CaseRecord, DocumentRecord, FigureRecord, RecordKind, SectionRecord, TableRecord, WarningRecord } from '../schema/records.ts';
import type { Decision, Decisions } from './decisions.ts';
import { esc } from './html.ts';
import { diffText } from '../diff/text.ts';
import { decisionFor, docCounts, type DocEntry, type ReviewData } from './model.ts';
import { changeState, type ChangePart, type ChangeState } from './parts.ts';
import { cellListHtml, tableHtml } from './table.ts';

export { esc };

export interface RenderOptions {
  /** Served pages carry Accept / Flag as wrong buttons and the script that posts decisions; exported pages are read-only. */
  interactive: boolean;
}

/** Content-Security-Policy of the read-only pages (a meta tag: they are opened from disk). */
export const STATIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CHANGE_LABEL: Record<ChangeType, string> = { added: 'added', removed: 'removed', changed: 'changed', moved: 'moved' };
const VERDICT_LABEL: Record<Decision['verdict'], string> = { accepted: '✓ Accepted', wrong: '✗ Flagged as wrong' };

const CSS = `
:root{--fg:#1d2330;--muted:#667085;--line:#d9dee7;--bg:#fff;--soft:#f5f7fa;--ins:#dcf5e3;--ins-fg:#0b5d2a;--del:#fde2e1;--del-fg:#9b1c1c;--chg:#fff4c2;--acc:#1a7f37;--wrong:#c62828;--link:#1f5fbf}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei","Source Han Sans SC",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto;padding:16px 24px 64px}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:20px}h3{font-size:18px}h4,h5,h6{font-size:16px}
.muted,.loc,.runs{color:var(--muted)}.loc{font-size:12px;margin-left:8px;word-break:break-all}
.crumbs{font-size:13px;margin-bottom:4px}
ins{background:var(--ins);color:var(--ins-fg);text-decoration:none;border-radius:2px;padding:0 1px}
del{background:var(--del);color:var(--del-fg);text-decoration:line-through;border-radius:2px;padding:0 1px}
.none{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px;background:var(--soft)}
.card b{display:block;font-size:22px;line-height:1.2}.card>span{font-size:12px;color:var(--muted)}
table.list{border-collapse:collapse;width:100%;font-size:14px;margin:10px 0 20px}
table.list th,table.list td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
table.list th{background:var(--soft);font-weight:600;position:sticky;top:0}
table.list.kinds{width:auto}
table.list td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.quiet td{color:var(--muted)}
.badge{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em;border-radius:4px;padding:0 6px;line-height:18px;vertical-align:1px}
.b-added{background:var(--ins);color:var(--ins-fg)}.b-removed{background:var(--del);color:var(--del-fg)}.b-changed{background:var(--chg);color:#7a5a00}.b-moved{background:#e3ecff;color:#1f4aa8}
.kind{font-size:12px;color:var(--muted);margin:0 4px}
.state{font-size:12px;margin-left:6px;color:var(--muted)}.state[data-verdict=accepted]{color:var(--acc)}.state[data-verdict=wrong]{color:var(--wrong);font-weight:600}
ol.chlist{padding-left:22px;font-size:14px}ol.chlist li{margin:2px 0}
.toc{border:1px solid var(--line);border-radius:8px;padding:6px 12px;margin:12px 0;background:var(--soft);font-size:14px}
.toc ol{list-style:none;padding-left:16px;margin:2px 0}.toc>ol{padding-left:0}.toc .mark{font-size:11px;margin-left:4px}
section.sec{margin:0 0 0 0}section.sec section.sec{margin-left:14px;padding-left:10px;border-left:2px solid #eef1f5}
.num{margin-right:4px}.sec-title{margin:18px 0 6px}.sec-title .num{color:var(--muted)}
.s-added>.sec-title{color:var(--ins-fg)}.s-removed>.sec-title{color:var(--del-fg);text-decoration:line-through}
details.body,details.rec{margin:4px 0 8px}details>summary{cursor:pointer;color:var(--muted);font-size:13px}
.text p{margin:4px 0;text-indent:2em}
.change{border:1px solid var(--line);border-left:4px solid #e0b400;border-radius:6px;margin:8px 0 12px;background:#fffdf5}
.change.c-added{border-left-color:#2da44e;background:#f6fff8}.change.c-removed{border-left-color:#cf222e;background:#fff8f8}.change.c-moved{border-left-color:#4a79d8;background:#f7f9ff}
.change.v-accepted{border-left-color:var(--acc);opacity:.92}.change.v-wrong{border-left-color:var(--wrong);box-shadow:0 0 0 2px #f3c7c7}
.chead{padding:6px 10px;border-bottom:1px solid var(--line);font-size:14px}.chead .label{font-weight:600}
.cbody{padding:8px 10px;overflow-x:auto}
.review{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:6px 10px;border-top:1px dashed var(--line);font-size:13px}
.decision{flex:1 1 240px}.decision .pending{color:var(--muted)}.decision[data-verdict=accepted] .verdict{color:var(--acc);font-weight:600}.decision[data-verdict=wrong] .verdict{color:var(--wrong);font-weight:600}
.decision q{margin:0 6px}.decision time{color:var(--muted);font-size:12px}
.actions{display:flex;gap:6px;align-items:center}
.actions input{width:260px;max-width:40vw;padding:3px 6px;border:1px solid var(--line);border-radius:4px;font:inherit}
.actions button{font:inherit;padding:3px 10px;border-radius:4px;border:1px solid var(--line);background:#fff;cursor:pointer}
.actions button.accept{border-color:#8cc99d;color:var(--acc)}.actions button.wrong{border-color:#e6a3a3;color:var(--wrong)}
.actions button:disabled{opacity:.5;cursor:wait}.status{color:var(--muted);font-size:12px}
.textdiff{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #eef1f5;border-radius:4px;padding:6px 8px;margin:4px 0}
.elided{color:var(--muted);background:var(--soft);border-radius:3px;padding:0 4px;margin:0 2px;font-size:12px}
.fname{font-size:12px;color:var(--muted);font-family:ui-monospace,Menlo,Consolas,monospace}
table.fields{border-collapse:collapse;font-size:13px;margin:4px 0}table.fields td,table.fields th{border:1px solid #eef1f5;padding:2px 6px;vertical-align:top;text-align:left;white-space:pre-wrap;word-break:break-word}
.caption{font-weight:600;margin:6px 0 4px}.caption .unit,.caption .meta{font-weight:400;color:var(--muted);font-size:13px;margin-left:8px}
.tscroll{overflow-x:auto;margin:4px 0 6px}
table.grid{border-collapse:collapse;font-size:13px;line-height:1.45;background:#fff}
table.grid th,table.grid td{border:1px solid #c9d1dc;padding:3px 7px;vertical-align:middle}
table.grid th{background:#eef2f7;font-weight:600;text-align:center}
table.grid td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.grid td.rep{color:#a0a8b4}
table.grid td.chg{background:var(--chg);white-space:nowrap}
table.grid .g{width:18px;text-align:center;color:var(--muted);background:var(--soft);padding:3px 2px;font-weight:700}
tr.row-added td{background:#effbf2}tr.row-added td.g{color:var(--ins-fg)}
tr.row-removed td{background:#fff0f0}tr.row-removed td.g{color:var(--del-fg)}
td.col-added{background:#effbf2}thead.hdr-changed th{background:#fff4c2}
table.t-added{outline:2px solid #9fdcb0}table.t-removed{outline:2px solid #f0b4b4;opacity:.85}
ul.cells{margin:6px 0;padding-left:20px;font-size:13px}ul.cells .op{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:3px;padding:0 4px}
.delta{color:var(--muted)}.unitchg{font-size:11px;margin-left:4px}
.case .body,.added-text,.removed-text{white-space:pre-wrap}
ul.warnings{list-style:none;padding-left:0}ul.warnings li{margin:4px 0}.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:var(--soft);border-radius:3px;padding:0 4px;margin-right:6px}
.note{font-size:13px;color:var(--muted)}
ul.paras{list-style:none;padding-left:0;margin:6px 0}ul.paras li{margin:6px 0}
li.part .decision{font-size:12px;margin-left:6px}li.part .decision[data-verdict=accepted] .verdict{color:var(--acc);font-weight:600}li.part .decision[data-verdict=wrong] .verdict{color:var(--wrong);font-weight:600}
.actions.small{display:inline-flex;margin-left:6px}.actions.small button{padding:0 6px;font-size:12px;line-height:18px}
li.part.v-wrong{background:#fff0f0}li.part.v-accepted{background:#f2fbf4}
.permalink{color:var(--muted);margin-right:6px;font-size:12px}
button.src{font:inherit;font-size:12px;margin-left:8px;padding:0 8px;border:1px solid #b9c6dd;border-radius:4px;background:#f3f7ff;color:var(--link);cursor:pointer}
.change.current{box-shadow:0 0 0 3px #8fb3f0}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;font-size:13px;padding:6px 10px;border:1px solid var(--line);border-radius:8px;background:var(--soft);position:sticky;top:0;z-index:5}
.filters select,.filters input{font:inherit;padding:1px 4px}kbd{font-family:ui-monospace,Menlo,monospace;font-size:11px;border:1px solid var(--line);border-radius:3px;padding:0 3px;background:#fff}
.filtered-out{display:none!important}
body.panel-open main{margin-right:min(50vw,760px);max-width:none}
#source-panel{position:fixed;top:0;right:0;bottom:0;width:min(50vw,760px);background:#fff;border-left:1px solid var(--line);box-shadow:-4px 0 12px rgba(0,0,0,.06);display:flex;flex-direction:column;z-index:10}
#source-panel[hidden]{display:none}
.sp-head{display:flex;align-items:center;gap:8px;padding:8px 12px;border-bottom:1px solid var(--line)}.sp-title{flex:1;font-size:14px}
.sp-tools{display:flex;align-items:center;gap:6px;padding:4px 12px;border-bottom:1px solid var(--line);font-size:13px;flex-wrap:wrap}
.sp-tools button,.sp-head button{font:inherit;padding:0 8px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
.sp-body{flex:1;overflow:auto;padding:10px;background:#f0f2f5}
.sp-page-box{position:relative;margin:0 auto;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.2)}
.sp-page-box canvas{display:block}
.sp-box{position:absolute;border:2px solid #e5534b;background:rgba(255,214,0,.22);pointer-events:none}
.sp-msg{padding:12px;background:#fff;border:1px solid var(--line);border-radius:6px}
ol.src-lines{font:13px/1.6 ui-monospace,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;background:#fff;margin:0;padding:6px 6px 6px 52px;white-space:pre-wrap;word-break:break-all}
ol.src-lines li.mark{background:#fff4c2}ol.src-lines mark{background:#ffd34d;padding:0}
.docx-part{background:#fff;padding:8px 12px}.docx-part p.mark,.docx-part.mark table{background:#fff4c2;outline:2px solid #e0b400}
`;

/** Posts decisions and shows them in place (served pages only). Text goes in with textContent, never as HTML. */
export const REVIEW_SCRIPT = `(function () {
  'use strict';
  var LABEL = { accepted: '\\u2713 Accepted', wrong: '\\u2717 Flagged as wrong', unreviewed: 'not reviewed' };
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; e.textContent = text; return e; }
  function refreshCounts() {
    var n = document.querySelectorAll('.change[data-change-id][data-state=unreviewed]').length;
    document.querySelectorAll('.unreviewed-count').forEach(function (e) { e.textContent = String(n); });
  }
  // A change's state: its own decision, else (all parts decided) flagged if any part is, else unreviewed.
  function stateOf(block) {
    var own = block.getAttribute('data-verdict');
    if (own) return own;
    var parts = block.querySelectorAll('[data-part]');
    if (!parts.length) return 'unreviewed';
    var wrong = false;
    for (var i = 0; i < parts.length; i++) {
      var v = parts[i].getAttribute('data-verdict');
      if (!v) return 'unreviewed';
      if (v === 'wrong') wrong = true;
    }
    return wrong ? 'wrong' : 'accepted';
  }
  function show(box, d) {
    box.setAttribute('data-verdict', d.verdict);
    box.classList.remove('v-accepted', 'v-wrong');
    box.classList.add('v-' + d.verdict);
    var slot = box.querySelector('[data-decision-for="' + d.changeId + '"]');
    if (slot) {
      slot.setAttribute('data-verdict', d.verdict);
      slot.textContent = '';
      slot.appendChild(el('span', 'verdict', LABEL[d.verdict] || d.verdict));
      if (d.comment) slot.appendChild(el('q', '', d.comment));
      if (d.reviewer) slot.appendChild(el('span', 'who', ' \\u00b7 ' + d.reviewer));
      slot.appendChild(el('time', '', ' ' + d.at));
    }
    var block = box.classList.contains('change') ? box : box.closest('.change');
    if (block) {
      var state = stateOf(block);
      block.setAttribute('data-state', state);
      var id = block.getAttribute('data-change-id');
      document.querySelectorAll('.state[data-state-for]').forEach(function (e) {
        if (e.getAttribute('data-state-for') !== id) return;
        if (state === 'unreviewed') e.removeAttribute('data-verdict'); else e.setAttribute('data-verdict', state);
        e.textContent = LABEL[state];
      });
    }
    refreshCounts();
  }
  function decide(box, verdict) {
    var status = box.querySelector('.status');
    var input = box.classList.contains('change') ? box.querySelector(':scope > .review input.comment') : null;
    var buttons = box.querySelectorAll('button[data-verdict]');
    buttons.forEach(function (b) { b.disabled = true; });
    if (status) status.textContent = 'Saving\\u2026';
    var reviewer = document.getElementById('reviewer');
    return fetch('/api/decisions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ changeId: box.getAttribute('data-change-id'), verdict: verdict, comment: input ? input.value : '', reviewer: reviewer ? reviewer.value : '' })
    })
      .then(function (res) {
        return res.text().then(function (body) {
          if (!res.ok) throw new Error(body || res.statusText);
          return JSON.parse(body);
        });
      })
      .then(function (r) { show(box, r.decision); if (status) status.textContent = 'Saved'; })
      .catch(function (e) { if (status) status.textContent = 'Not saved: ' + e.message; })
      .then(function () { buttons.forEach(function (b) { b.disabled = false; }); });
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    var btn = t && t.closest ? t.closest('button[data-verdict]') : null;
    if (!btn) return;
    var box = btn.closest('[data-change-id]');
    if (box) decide(box, btn.getAttribute('data-verdict'));
  });
  // ---- the source panel ---------------------------------------------------------------------
  var panel = document.getElementById('source-panel');
  var view = { src: null, page: 1, pages: 0, scale: 1.25, doc: null, token: 0 };
  var pdfjsLoad = null;
  var pdfDocs = {};
  function pdfjs() {
    if (!pdfjsLoad) pdfjsLoad = import('/assets/pdfjs/pdf.mjs').then(function (m) { m.GlobalWorkerOptions.workerSrc = '/assets/pdfjs/pdf.worker.mjs'; return m; });
    return pdfjsLoad;
  }
  function pdfDoc(sha) {
    if (!pdfDocs[sha]) {
      pdfDocs[sha] = pdfjs().then(function (m) {
        return m.getDocument({ url: '/sources/' + sha, cMapUrl: '/assets/pdfjs/cmaps/', cMapPacked: true, standardFontDataUrl: '/assets/pdfjs/standard_fonts/', isEvalSupported: false }).promise;
      });
      pdfDocs[sha].catch(function () { delete pdfDocs[sha]; });
    }
    return pdfDocs[sha];
  }
  function q(sel) { return panel ? panel.querySelector(sel) : null; }
  function message(text) {
    var body = q('.sp-body');
    body.textContent = '';
    body.appendChild(el('div', 'sp-msg', text));
    panel.setAttribute('data-loaded', 'message');
  }
  // Boxes to draw: each part of a joined table on its page, else the record's box on its page.
  function boxesOf(src) {
    if (src.parts && src.parts.length) return src.parts.map(function (p) { return { page: p.page, bbox: p.bbox }; });
    return src.bbox && src.page ? [{ page: src.page, bbox: src.bbox }] : [];
  }
  function tools(pdf) {
    ['.sp-prev', '.sp-next', '.sp-zoom-out', '.sp-zoom-in'].forEach(function (s) { q(s).hidden = !pdf; });
    q('.sp-page').textContent = pdf ? 'page ' + view.page + ' / ' + view.pages : '';
    q('.sp-zoom').textContent = pdf ? Math.round(view.scale * 100) + '%' : '';
  }
  function drawPage() {
    var token = ++view.token;
    var src = view.src;
    tools(true);
    panel.setAttribute('data-loaded', 'loading');
    return view.doc.getPage(view.page).then(function (page) {
      if (token !== view.token) return;
      var vp = page.getViewport({ scale: view.scale });
      var ratio = window.devicePixelRatio || 1;
      var box = el('div', 'sp-page-box', '');
      box.style.width = vp.width + 'px';
      box.style.height = vp.height + 'px';
      box.setAttribute('data-page', String(view.page));
      var canvas = document.createElement('canvas');
      canvas.width = Math.floor(vp.width * ratio);
      canvas.height = Math.floor(vp.height * ratio);
      canvas.style.width = vp.width + 'px';
      canvas.style.height = vp.height + 'px';
      box.appendChild(canvas);
      var body = q('.sp-body');
      body.textContent = '';
      body.appendChild(box);
      var first = null;
      boxesOf(src).forEach(function (b) {
        if (b.page !== view.page) return;
        // bbox: PDF points, top-left origin, as the page is displayed: scale it like the viewport.
        var d = el('div', 'sp-box', '');
        d.style.left = b.bbox[0] * view.scale + 'px';
        d.style.top = b.bbox[1] * view.scale + 'px';
        d.style.width = (b.bbox[2] - b.bbox[0]) * view.scale + 'px';
        d.style.height = (b.bbox[3] - b.bbox[1]) * view.scale + 'px';
        box.appendChild(d);
        if (!first) first = d;
      });
      return page.render({ canvasContext: canvas.getContext('2d'), viewport: vp, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null }).promise.then(function () {
        if (token !== view.token) return;
        panel.setAttribute('data-loaded', 'pdf');
        if (first) body.scrollTop = Math.max(0, first.offsetTop - 40);
      });
    });
  }
  function partButtons(src) {
    var slot = q('.sp-parts');
    slot.textContent = '';
    if (!src.parts || src.parts.length < 2) return;
    src.parts.forEach(function (p, i) {
      var b = el('button', 'sp-part', 'part ' + (i + 1) + ' \\u00b7 p.' + p.page);
      b.type = 'button';
      b.setAttribute('data-page', String(p.page));
      slot.appendChild(b);
    });
  }
  function markNeedle(li, needle) {
    var text = li.textContent;
    var at = needle ? text.indexOf(needle) : -1;
    if (at < 0) return;
    li.textContent = '';
    li.appendChild(document.createTextNode(text.slice(0, at)));
    li.appendChild(el('mark', '', needle));
    li.appendChild(document.createTextNode(text.slice(at + needle.length)));
  }
  function showLines(r, src) {
    var ol = document.createElement('ol');
    ol.className = 'src-lines';
    ol.start = r.from;
    r.lines.forEach(function (line, i) {
      var n = r.from + i;
      var li = el('li', n >= r.lineStart && n <= r.lineEnd ? 'mark' : '', line);
      li.setAttribute('data-line', String(n));
      if (n >= r.lineStart && n <= r.lineEnd) markNeedle(li, src.needle);
      ol.appendChild(li);
    });
    var body = q('.sp-body');
    body.textContent = '';
    body.appendChild(ol);
    if (r.truncated) body.appendChild(el('div', 'muted', 'The record spans more lines than are shown.'));
    panel.setAttribute('data-loaded', 'lines');
    var mark = ol.querySelector('li.mark');
    if (mark) body.scrollTop = Math.max(0, mark.offsetTop - 60);
  }
  function openSource(src) {
    if (!panel) return;
    view.src = src;
    view.token++;
    panel.hidden = false;
    document.body.classList.add('panel-open');
    q('.sp-title').textContent = src.label || '';
    partButtons(src);
    tools(false);
    message('Loading\\u2026');
    panel.setAttribute('data-loaded', 'loading');
    var qs = [];
    ['lineStart', 'lineEnd', 'paragraphIndex', 'tableIndex'].forEach(function (k) { if (typeof src[k] === 'number') qs.push(k + '=' + src[k]); });
    var token = view.token;
    fetch('/api/source/' + src.sha256 + (qs.length ? '?' + qs.join('&') : ''), { credentials: 'same-origin' })
      .then(function (res) { return res.json().then(function (j) { if (!res.ok) throw new Error(j.error || res.statusText); return j; }); })
      .then(function (r) {
        if (token !== view.token) return;
        if (!r.available) return message(r.message);
        if (r.format === 'pdf') {
          return pdfDoc(src.sha256).then(function (doc) {
            if (token !== view.token) return;
            view.doc = doc;
            view.pages = doc.numPages;
            view.page = Math.min(Math.max(1, src.page || (src.parts && src.parts[0] && src.parts[0].page) || 1), doc.numPages);
            return drawPage();
          });
        }
        if (r.format === 'docx') {
          var body = q('.sp-body');
          body.innerHTML = r.html; // built on the server from the document's text, every text escaped
          panel.setAttribute('data-loaded', 'docx');
          return;
        }
        showLines(r, src);
      })
      .catch(function (e) { if (token === view.token) message('The source could not be shown: ' + e.message); });
  }
  function closeSource() {
    if (!panel) return;
    panel.hidden = true;
    view.token++;
    document.body.classList.remove('panel-open');
  }
  if (panel) {
    panel.addEventListener('click', function (ev) {
      var t = ev.target.closest ? ev.target.closest('button') : null;
      if (!t) return;
      if (t.classList.contains('sp-close')) return closeSource();
      if (!view.doc || !view.src || view.src.format !== 'pdf') return;
      if (t.classList.contains('sp-prev') && view.page > 1) { view.page--; drawPage(); }
      if (t.classList.contains('sp-next') && view.page < view.pages) { view.page++; drawPage(); }
      if (t.classList.contains('sp-zoom-in')) { view.scale = Math.min(4, view.scale * 1.25); drawPage(); }
      if (t.classList.contains('sp-zoom-out')) { view.scale = Math.max(0.4, view.scale / 1.25); drawPage(); }
      if (t.classList.contains('sp-part')) { view.page = Number(t.getAttribute('data-page')); drawPage(); }
    });
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    var btn = t && t.closest ? t.closest('button.src') : null;
    if (!btn) return;
    ev.preventDefault();
    try { openSource(JSON.parse(btn.getAttribute('data-src'))); } catch (e) { message('Bad source reference'); }
  });

  // ---- filters, the current change, keys, links -------------------------------------------------
  var blocks = Array.prototype.slice.call(document.querySelectorAll('.change[data-change-id]'));
  function topSection(node) {
    var top = null;
    for (var n = node.parentElement; n; n = n.parentElement) if (n.matches && n.matches('section.sec')) top = n;
    return top ? top.getAttribute('data-section') : '';
  }
  function applyFilters() {
    var f = {};
    document.querySelectorAll('select[data-filter]').forEach(function (s) { f[s.getAttribute('data-filter')] = s.value; });
    var shown = 0;
    blocks.forEach(function (b) {
      var ok = (!f.kind || b.getAttribute('data-kind') === f.kind)
        && (!f.code || b.getAttribute('data-code') === f.code)
        && (!f.state || b.getAttribute('data-state') === f.state)
        && (!f.section || topSection(b) === f.section);
      b.classList.toggle('filtered-out', !ok);
      var li = document.querySelector('ol.chlist li[data-for="' + b.getAttribute('data-change-id') + '"]');
      if (li) li.classList.toggle('filtered-out', !ok);
      if (ok) shown++;
    });
    var s = document.querySelector('.filters .shown');
    if (s) s.textContent = shown + ' of ' + blocks.length + ' changes shown';
  }
  document.querySelectorAll('select[data-filter]').forEach(function (s) { s.addEventListener('change', applyFilters); });
  var current = null;
  function setCurrent(b, scroll) {
    if (current) current.classList.remove('current');
    current = b;
    if (!b) return;
    b.classList.add('current');
    // The change's own link: a reload (or the link sent to a colleague) comes back to it.
    if (location.hash !== '#' + b.id) history.replaceState(null, '', '#' + b.id);
    if (scroll) {
      // Closed <details> around it open, so the change can be seen.
      for (var n = b.parentElement; n; n = n.parentElement) if (n.tagName === 'DETAILS') n.open = true;
      b.scrollIntoView({ block: 'center' });
    }
  }
  function visible() { return blocks.filter(function (b) { return !b.classList.contains('filtered-out'); }); }
  function step(d) {
    var list = visible();
    if (!list.length) return;
    var i = current ? list.indexOf(current) : -1;
    setCurrent(list[i < 0 ? (d > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, i + d))], true);
  }
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var b = id ? document.getElementById(id) : null;
    if (b && b.classList.contains('change')) setCurrent(b, true);
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!t || !t.closest || t.closest('button, a, input, select')) return;
    var b = t.closest('.change[data-change-id]');
    if (b) setCurrent(b, false);
  });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    var k = ev.key;
    if (k === 'j' || k === 'n') step(1);
    else if (k === 'k' || k === 'p') step(-1);
    else if ((k === 'a' || k === 'f') && current) decide(current, k === 'a' ? 'accepted' : 'wrong');
    else if (k === 's' && current) { var s = current.querySelector('.chead button.src'); if (s) s.click(); }
    else if (k === 'Escape') closeSource();
    else return;
    ev.preventDefault();
  });
  var reviewer = document.getElementById('reviewer');
  if (reviewer) {
    try { reviewer.value = localStorage.getItem('vetreport.reviewer') || ''; } catch (e) { /* storage off */ }
    reviewer.addEventListener('change', function () { try { localStorage.setItem('vetreport.reviewer', reviewer.value); } catch (e) { /* storage off */ } });
  }
  applyFilters();
})();`;

function page(title: string, body: string, opts: RenderOptions): string {
  const csp = opts.interactive ? '' : `<meta http-equiv="Content-Security-Policy" content="${esc(STATIC_CSP)}">`;
  const script = opts.interactive ? `<script>${REVIEW_SCRIPT}</script>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">${csp}<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><link rel="icon" href="data:,"><style>${CSS}</style></head>
<body${opts.interactive ? ' class="live"' : ' class="static"'}><main>
${body}
</main>${script}</body></html>
`;
}

// ---------------------------------------------------------------------------------------------
// Index

const n = (x: number, zeroQuiet = true) => `<td class="n">${x === 0 && zeroQuiet ? '<span class="muted">0</span>' : x}</td>`;
const card = (value: string | number, label: string, cls = '') => `<div class="card"><b${cls ? ` class="${cls}"` : ''}>${value}</b><span>${esc(label)}</span></div>`;
export const docHref = (d: DocEntry) => `docs/${encodeURIComponent(d.file)}`;

export function renderIndex(data: ReviewData, decisions: Decisions, opts: RenderOptions): string {
  const rows: string[] = [];
  const tot = { unreviewed: 0, accepted: 0, wrong: 0, warnings: 0, warningsAdded: 0, warningsRemoved: 0, withChanges: 0 };
  const byKind = new Map<RecordKind, Record<ChangeType, number>>();
  for (const d of data.docs) {
    const k = docCounts(d, decisions, data.partsOf);
    tot.unreviewed += k.unreviewed;
    tot.accepted += k.accepted;
    tot.wrong += k.wrong;
    tot.warnings += k.warnings;
    tot.warningsAdded += k.warningsAdded;
    tot.warningsRemoved += k.warningsRemoved;
    if (d.changes.length) tot.withChanges++;
    for (const c of d.changes) {
      const row = byKind.get(c.kind) ?? byKind.set(c.kind, { added: 0, removed: 0, changed: 0, moved: 0 }).get(c.kind)!;
      row[c.change]++;
    }
    const warn = `${k.warnings}${k.warningsAdded ? ` <ins>+${k.warningsAdded}</ins>` : ''}${k.warningsRemoved ? ` <del>−${k.warningsRemoved}</del>` : ''}`;
    rows.push(
      `<tr${d.changes.length ? '' : ' class="quiet"'} data-doc-id="${esc(d.docId)}"><td><a href="${esc(docHref(d))}">${esc(d.docId)}</a></td><td>${esc(d.title ?? '')}</td>${n(k.added)}${n(k.removed)}${n(k.changed)}${n(k.moved)}<td class="n">${warn}</td><td class="n">${k.unreviewed ? `<b>${k.unreviewed}</b>` : '<span class="muted">0</span>'}</td>${n(k.accepted)}${n(k.wrong)}<td class="n muted">${d.provenanceOnly}</td></tr>`,
    );
  }
  const s = data.summary;
  const total = s.added + s.removed + s.changed + s.moved;
  const stale = Object.keys(decisions).filter((id) => !data.decidable.has(id)).length;
  const kindRows = [...byKind.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([kind, c]) => `<tr><td>${esc(kind)}</td>${n(c.added)}${n(c.removed)}${n(c.changed)}${n(c.moved)}</tr>`)
    .join('');
  const body = `<header><h1>Review: what changed</h1>
<p class="runs">${esc(data.beforeLabel)} → ${esc(data.afterLabel)}${opts.interactive ? '' : ' · read-only export'}</p></header>
<div class="cards">${card(data.docs.length, 'documents')}${card(tot.withChanges, 'with changes')}${card(total, 'changes')}${card(s.added, 'added')}${card(s.removed, 'removed')}${card(s.changed, 'changed')}${card(s.moved, 'moved')}${card(`${tot.warnings}`, `warnings (+${tot.warningsAdded} / −${tot.warningsRemoved})`)}${card(`<span class="unreviewed-count">${tot.unreviewed}</span>`, 'unreviewed')}${card(tot.accepted, 'accepted')}${card(tot.wrong, 'flagged wrong')}</div>
<p class="note">${s.provenanceOnly} records differ only in provenance (offsets, lines, file hash) and are not listed as changes.${stale ? ` ${stale} recorded decision${stale === 1 ? ' is' : 's are'} about changes no longer in this diff.` : ''}</p>
${kindRows ? `<h2>By record kind</h2><table class="list kinds"><thead><tr><th>kind</th><th>added</th><th>removed</th><th>changed</th><th>moved</th></tr></thead><tbody>${kindRows}</tbody></table>` : ''}
<h2>Documents</h2>
<table class="list docs"><thead><tr><th>document</th><th>title</th><th>added</th><th>removed</th><th>changed</th><th>moved</th><th>warnings</th><th>unreviewed</th><th>accepted</th><th>wrong</th><th>provenance only</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
  return page('Review: what changed', body, opts);
}

// ---------------------------------------------------------------------------------------------
// Document page

interface Ctx {
  doc: DocEntry;
  partsOf: Map<string, ChangePart[]>;
  decisions: Decisions;
  interactive: boolean;
  /** Changes about a record of the newer run, by kind + id. */
  changeOf: Map<string, RecordChange>;
  /** Removed records' changes, by kind + id. */
  removedOf: Map<string, RecordChange>;
  beforeOf: Map<string, AnyRecord>;
  afterOf: Map<string, AnyRecord>;
  rendered: Set<string>;
  sectionAnchor: Map<string, string>;
}

const key = (kind: string, id: string) => `${kind}\u0000${id}`;
const beforeRecord = <T extends AnyRecord>(c: RecordChange, ctx: Ctx) => (ctx.beforeOf.get(key(c.kind, c.oldId ?? c.id)) ?? null) as T | null;

function location(s: Side | null): string {
  if (!s) return '';
  let at = path.basename(s.sourcePath);
  if (s.lineStart !== undefined) at += `:${s.lineStart}${s.lineEnd !== undefined && s.lineEnd !== s.lineStart ? `–${s.lineEnd}` : ''}`;
  if (s.page !== undefined) at += ` p.${s.page}${s.pageEnd !== undefined && s.pageEnd !== s.page ? `–${s.pageEnd}` : ''}`;
  if (s.page === undefined && s.lineStart === undefined && s.paragraphIndex !== undefined) at += ` ¶${s.paragraphIndex + 1}`;
  return `<span class="loc" title="${esc(s.sourcePath)}">${esc(at)}</span>`;
}

/** Text for a pre-wrap block: a line break that was inserted or deleted shows as ¶. */
const segText = (s: string, mark: boolean) => esc(mark ? s.replace(/\n/g, '¶\n') : s);

export function segmentsHtml(segs: Segment[], context = 80): string {
  return segs
    .map((s, i) => {
      if (s.op === 'insert') return `<ins>${segText(s.text, true)}</ins>`;
      if (s.op === 'delete') return `<del>${segText(s.text, true)}</del>`;
      const cs = Array.from(s.text);
      const first = i === 0;
      const last = i === segs.length - 1;
      const keepHead = first ? 0 : context;
      const keepTail = last ? 0 : context;
      if (cs.length <= keepHead + keepTail + 40) return segText(s.text, false);
      const cut = cs.length - keepHead - keepTail;
      return `${segText(cs.slice(0, keepHead).join(''), false)}<span class="elided" title="${cut} unchanged characters">…${cut}字…</span>${segText(cs.slice(cs.length - keepTail).join(''), false)}`;
    })
    .join('');
}

function valueHtml(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'string') return v === '' ? '(empty)' : esc(v);
  return esc(JSON.stringify(v));
}

/** Field changes of a changed/moved record: text fields as character diffs, the rest old → new. */
function fieldsHtml(c: RecordChange, skip: Set<string> = new Set()): string {
  const out: string[] = [];
  const plain: FieldChange[] = [];
  for (const f of c.fields) {
    if (skip.has(f.field)) continue;
    const segs = c.text?.[f.field];
    if (segs) out.push(`<div class="tf"><span class="fname">${esc(f.field)}</span><div class="textdiff">${segmentsHtml(segs)}</div></div>`);
    else plain.push(f);
  }
  if (plain.length) {
    out.push(
      `<table class="fields">${plain
        .map((f) => `<tr><th class="fname">${esc(f.field)}</th><td>${f.before === null ? '<span class="none">∅</span>' : `<del>${valueHtml(f.before)}</del>`}</td><td>→</td><td>${f.after === null ? '<span class="none">∅</span>' : `<ins>${valueHtml(f.after)}</ins>`}</td></tr>`)
        .join('')}</table>`,
    );
  }
  return out.join('');
}

function decisionHtml(id: string, d: Decision | null, tag = 'div'): string {
  if (!d) return `<${tag} class="decision" data-decision-for="${esc(id)}"><span class="pending">Not reviewed</span></${tag}>`;
  const who = d.reviewer ? `<span class="who"> · ${esc(d.reviewer)}</span>` : '';
  return `<${tag} class="decision" data-decision-for="${esc(id)}" data-verdict="${esc(d.verdict)}"><span class="verdict">${VERDICT_LABEL[d.verdict]}</span>${d.comment ? `<q>${esc(d.comment)}</q>` : ''}${who}<time> ${esc(d.at)}</time></${tag}>`;
}

const STATE_LABEL: Record<ChangeState, string> = { unreviewed: 'not reviewed', accepted: VERDICT_LABEL.accepted, wrong: VERDICT_LABEL.wrong };

function stateHtml(c: RecordChange, state: ChangeState): string {
  return `<span class="state" data-state-for="${esc(c.changeId)}"${state !== 'unreviewed' ? ` data-verdict="${esc(state)}"` : ''}>${STATE_LABEL[state]}</span>`;
}

/** A part's (cell's, paragraph's) decision and, served, its own Accept / Flag buttons. */
function partDecisionHtml(id: string, ctx: Ctx, src = ''): string {
  const d = decisionFor(ctx.decisions, id);
  const actions = ctx.interactive ? `<span class="actions small"><button type="button" class="accept" data-verdict="accepted" title="Accept this part">✓</button><button type="button" class="wrong" data-verdict="wrong" title="Flag this part as wrong">✗</button><span class="status" role="status"></span></span>` : '';
  return ` ${decisionHtml(id, d, 'span')}${actions}${src}`;
}

/** A section change's paragraphs, each with its character diff and its own decision. */
function paragraphListHtml(parts: ChangePart[], ctx: Ctx, rec: AnyRecord | null): string {
  const items = parts.map((p) => {
    const body = p.before !== null && p.after !== null ? segmentsHtml(diffText(p.before, p.after)) : p.after !== null ? `<ins>${esc(p.after)}</ins>` : `<del>${esc(p.before)}</del>`;
    const d = decisionFor(ctx.decisions, p.id);
    return `<li class="part${d ? ` v-${d.verdict}` : ''}" data-part="paragraph" data-change-id="${esc(p.id)}"${d ? ` data-verdict="${esc(d.verdict)}"` : ''}><span class="fname">${esc(p.address)}</span><div class="textdiff">${body}</div>${partDecisionHtml(p.id, ctx, sourceButton(rec, ctx, p.address, p.after ?? p.before))}</li>`;
  });
  return items.length ? `<ul class="paras">${items.join('')}</ul>` : '';
}

/** One change: a block with its id, what it is, where it is, its content, its decision and (served) the buttons. */
function changeBlock(c: RecordChange, ctx: Ctx, inner: string): string {
  ctx.rendered.add(c.changeId);
  const d = decisionFor(ctx.decisions, c.changeId);
  const state = changeState(ctx.decisions, c, ctx.partsOf.get(c.changeId));
  const side = c.after ?? c.before;
  const moved = c.change === 'moved' && c.oldId ? ` <span class="muted">from ${esc(shortId(c.oldId, c.docId))}${c.similarity !== undefined ? ` (similarity ${c.similarity.toFixed(2)})` : ''}</span>` : '';
  const actions = ctx.interactive
    ? `<div class="actions"><input type="text" class="comment" maxlength="1000" placeholder="Comment (optional)" aria-label="Comment" value="${esc(d?.comment ?? '')}"><button type="button" class="accept" data-verdict="accepted">Accept</button><button type="button" class="wrong" data-verdict="wrong">Flag as wrong</button><span class="status" role="status"></span></div>`
    : '';
  const rec = recordOf(c, ctx);
  const code = rec && (rec.kind === 'warning' || rec.kind === 'error') ? ` data-code="${esc(rec.code)}"` : '';
  return `<div class="change c-${c.change}${d ? ` v-${d.verdict}` : ''}" id="c-${esc(c.changeId)}" data-change-id="${esc(c.changeId)}" data-kind="${esc(c.kind)}"${code} data-state="${state}"${d ? ` data-verdict="${esc(d.verdict)}"` : ''}>
<div class="chead"><a class="permalink" href="#c-${esc(c.changeId)}" title="Link to this change">#</a><span class="badge b-${c.change}">${CHANGE_LABEL[c.change]}</span><span class="kind">${esc(c.kind)}</span><span class="label">${esc(c.label)}</span>${moved}${location(side)}${sourceButton(rec, ctx, c.label)}</div>
<div class="cbody">${inner}</div>
<div class="review">${decisionHtml(c.changeId, d)}${actions}</div></div>`;
}

const shortId = (id: string, docId: string) => (id.startsWith(`${docId}/`) ? id.slice(docId.length + 1) : id);

/**
 * A button that opens the record's source in the side panel (served pages only): where the record
 * stands (page and box, joined-table parts, lines, paragraph or table index) as data-src JSON;
 * `needle` is text to mark inside the record's lines (a cell's value, a paragraph's start).
 */
function sourceButton(rec: AnyRecord | null, ctx: Ctx, label: string, needle?: string | null): string {
  if (!ctx.interactive || !rec?.provenance.sha256) return '';
  const p = rec.provenance;
  const src = {
    sha256: p.sha256, format: p.format, label,
    page: p.page, pageEnd: p.pageEnd, bbox: p.bbox, parts: p.parts,
    lineStart: p.lineStart, lineEnd: p.lineEnd, paragraphIndex: p.paragraphIndex, tableIndex: p.tableIndex,
    needle: needle ? needle.slice(0, 40) : undefined,
  };
  return `<button type="button" class="src" title="Show this in the source" data-src="${esc(JSON.stringify(src))}">Source</button>`;
}

/** The record a change is about (the newer side; the older for a removed record). */
const recordOf = (c: RecordChange, ctx: Ctx): AnyRecord | null => (c.change === 'removed' ? beforeRecord(c, ctx) : (ctx.afterOf.get(key(c.kind, c.id)) ?? beforeRecord(c, ctx)));

function paragraphs(text: string): string {
  return text
    .split('\n')
    .filter((p) => p.trim())
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');
}

const charCount = (s: string) => Array.from(s.replace(/\s+/g, '')).length;

// --- the tree --------------------------------------------------------------------------------

interface Node {
  rec: AnyRecord;
  change: RecordChange | null;
  pos: number;
  order: number;
  children: Node[];
}

function buildTree(ctx: Ctx): Node[] {
  const nodes: Node[] = [];
  let order = 0;
  const add = (rec: AnyRecord, change: RecordChange | null) => nodes.push({ rec, change, pos: rec.provenance.charStart ?? Number.MAX_SAFE_INTEGER, order: order++, children: [] });
  for (const r of ctx.doc.after) {
    if (r.kind === 'section' || r.kind === 'table' || r.kind === 'case' || r.kind === 'figure') add(r, ctx.changeOf.get(key(r.kind, r.id)) ?? null);
  }
  for (const c of ctx.removedOf.values()) {
    if (c.kind !== 'section' && c.kind !== 'table' && c.kind !== 'case' && c.kind !== 'figure') continue;
    const r = beforeRecord(c, ctx);
    if (r) add(r, c);
  }
  const sections = new Map<string, Node>();
  for (const x of nodes) if (x.rec.kind === 'section' && !sections.has(x.rec.id)) sections.set(x.rec.id, x);
  const roots: Node[] = [];
  for (const x of nodes) {
    const r = x.rec;
    const parentId = r.kind === 'section' ? r.parentId : r.kind === 'table' || r.kind === 'case' || r.kind === 'figure' ? (r.sectionId ?? r.provenance.sectionId) : null;
    const parent = parentId && parentId !== r.id ? sections.get(parentId) : undefined;
    (parent && parent !== x ? parent.children : roots).push(x);
  }
  const sort = (xs: Node[]) => {
    xs.sort((a, b) => a.pos - b.pos || a.order - b.order);
    for (const x of xs) sort(x.children);
  };
  sort(roots);
  return roots;
}

function sectionNumberTitle(s: SectionRecord): string {
  return `${s.number ? `<span class="num">${esc(s.number)}</span>` : ''}${esc(s.title)}${s.inferred ? ' <span class="muted">(implied heading)</span>' : ''}`;
}

function tocHtml(nodes: Node[], ctx: Ctx): string {
  const items = nodes
    .filter((x) => x.rec.kind === 'section')
    .map((x) => {
      const s = x.rec as SectionRecord;
      const marks = subtreeChanges(x);
      const mark = x.change ? ` <span class="badge b-${x.change.change}">${CHANGE_LABEL[x.change.change]}</span>` : marks ? ` <span class="mark muted">(${marks} change${marks === 1 ? '' : 's'} inside)</span>` : '';
      const sub = tocHtml(x.children, ctx);
      return `<li><a href="#${esc(ctx.sectionAnchor.get(s.id) ?? '')}">${sectionNumberTitle(s)}</a>${mark}${sub}</li>`;
    });
  return items.length ? `<ol>${items.join('')}</ol>` : '';
}

function subtreeChanges(x: Node): number {
  return x.children.reduce((n, ch) => n + (ch.change ? 1 : 0) + subtreeChanges(ch), 0);
}

function nodeHtml(x: Node, depth: number, ctx: Ctx): string {
  switch (x.rec.kind) {
    case 'section':
      return sectionHtml(x, depth, ctx);
    case 'table':
      return tableItemHtml(x.rec, x.change, ctx);
    case 'case':
      return caseHtml(x.rec, x.change, ctx);
    case 'figure':
      return figureHtml(x.rec, x.change, ctx);
    default:
      return '';
  }
}

function sectionHtml(x: Node, depth: number, ctx: Ctx): string {
  const s = x.rec as SectionRecord;
  const c = x.change;
  const h = Math.min(6, depth + 2);
  const anchor = ctx.sectionAnchor.get(s.id) ?? '';
  let block = '';
  let body = '';
  if (c && (c.change === 'changed' || c.change === 'moved')) {
    const paras = ctx.partsOf.get(c.changeId) ?? [];
    block = changeBlock(c, ctx, paras.length ? `${fieldsHtml(c, new Set(['text']))}${paragraphListHtml(paras, ctx, s)}` : fieldsHtml(c));
  } else if (c && c.change === 'added') {
    block = changeBlock(c, ctx, `<div class="added-text"><ins>${esc(s.text) || '(no body text)'}</ins></div>`);
  } else if (c && c.change === 'removed') {
    block = changeBlock(c, ctx, `<div class="removed-text"><del>${esc(s.text) || '(no body text)'}</del></div>`);
  }
  if (s.text.trim() && (!c || c.change === 'changed' || c.change === 'moved')) {
    body = `<details class="body"><summary>正文 · ${charCount(s.text)} 字</summary><div class="text">${paragraphs(s.text)}</div></details>`;
  }
  const children = x.children.map((ch) => nodeHtml(ch, depth + 1, ctx)).join('\n');
  return `<section class="sec lvl-${s.level}${c ? ` s-${c.change}` : ''}" data-section="${esc(`${s.number ?? ''} ${s.title}`.trim())}"><h${h} class="sec-title" id="${esc(anchor)}">${sectionNumberTitle(s)}${c ? '' : sourceButton(s, ctx, `${s.number ?? ''} ${s.title}`.trim())}</h${h}>${block}${body}${children}</section>`;
}

function tableCaption(t: TableRecord): string {
  const num = t.number ? (/^表/.test(t.number) ? t.number : `表${t.number}`) : '';
  const shape = `${t.rows.length} 行 × ${Math.max(t.columns.length, ...t.rows.map((r) => r.length), 0)} 列`;
  return `<div class="caption">${esc(num)} ${esc(t.title ?? '')}${t.unit ? `<span class="unit">单位：${esc(t.unit)}</span>` : ''}<span class="meta">${shape}</span></div>`;
}

const notesHtml = (t: TableRecord) => (t.notes.length ? `<div class="note">${t.notes.map((x) => esc(x)).join('<br>')}</div>` : '');

function tableItemHtml(t: TableRecord, c: RecordChange | null, ctx: Ctx): string {
  if (!c) {
    const { html } = tableHtml(t, { mode: 'plain' });
    const num = t.number ? (/^表/.test(t.number) ? t.number : `表${t.number}`) : 'table';
    return `<details class="rec table"><summary>${esc(num)} ${esc(t.title ?? '')} · ${t.rows.length} 行</summary>${sourceButton(t, ctx, `${num} ${t.title ?? ''}`)}${tableCaption(t)}${html}${notesHtml(t)}</details>`;
  }
  if (c.change === 'added' || c.change === 'removed') {
    const { html } = tableHtml(t, { mode: c.change });
    return changeBlock(c, ctx, `${tableCaption(t)}${html}${notesHtml(t)}`);
  }
  const before = beforeRecord<TableRecord>(c, ctx);
  const cells = c.cells ?? [];
  const { html, placed } = tableHtml(t, { mode: 'changed', before, cells });
  const cellById = new Map(cells.map((x) => [x.changeId, x]));
  const decide = (id: string) => {
    const cell = cellById.get(id);
    return partDecisionHtml(id, ctx, sourceButton(t, ctx, cell?.address ?? '', cell?.after ?? cell?.before));
  };
  return changeBlock(c, ctx, `${tableCaption(t)}${fieldsHtml(c)}${html}${notesHtml(t)}${cellListHtml(cells, placed, decide)}`);
}

function caseHtml(k: CaseRecord, c: RecordChange | null, ctx: Ctx): string {
  const num = k.number ? `案例${esc(k.number)} ` : '';
  const subject = k.subject ? `<span class="meta">${esc(k.subject)}${k.subjectFullName && k.subjectFullName !== k.subject ? `（${esc(k.subjectFullName)}）` : ''}</span>` : '';
  const caption = `<div class="caption">${num}${esc(k.title)}${subject}</div>`;
  if (!c) return `<details class="rec case"><summary>${num}${esc(k.title)}</summary>${sourceButton(k, ctx, k.title)}<div class="case">${caption}<div class="text">${paragraphs(k.body)}</div></div></details>`;
  if (c.change === 'added') return changeBlock(c, ctx, `<div class="case">${caption}<div class="body"><ins>${esc(k.body)}</ins></div></div>`);
  if (c.change === 'removed') return changeBlock(c, ctx, `<div class="case">${caption}<div class="body"><del>${esc(k.body)}</del></div></div>`);
  return changeBlock(c, ctx, `<div class="case">${caption}${fieldsHtml(c)}<details class="body"><summary>案例全文 · ${charCount(k.body)} 字</summary><div class="text">${paragraphs(k.body)}</div></details></div>`);
}

function figureHtml(f: FigureRecord, c: RecordChange | null, ctx: Ctx): string {
  const caption = `<div class="caption">${f.number ? `图${esc(f.number)} ` : ''}${esc(f.caption)}${f.image ? `<span class="meta">${esc(f.image)}</span>` : ''}</div>`;
  if (!c) return `<div class="rec figure">${caption}</div>`;
  if (c.change === 'added') return changeBlock(c, ctx, `<ins>${caption}</ins>`);
  if (c.change === 'removed') return changeBlock(c, ctx, `<del>${caption}</del>`);
  return changeBlock(c, ctx, `${caption}${fieldsHtml(c)}`);
}

function warningHtml(w: WarningRecord | (AnyRecord & { kind: 'error' }), c: RecordChange | null, ctx: Ctx): string {
  const line = `<span class="code">${esc(w.code)}</span>${esc(w.message)}${location(c ? (c.after ?? c.before) : { id: w.id, docId: w.docId, sourcePath: w.provenance.sourcePath, lineStart: w.provenance.lineStart, lineEnd: w.provenance.lineEnd, page: w.provenance.page })}`;
  if (!c) return `<li>${line}</li>`;
  if (c.change === 'added') return `<li>${changeBlock(c, ctx, `<ins>${esc(w.message)}</ins>`)}</li>`;
  if (c.change === 'removed') return `<li>${changeBlock(c, ctx, `<del>${esc(w.message)}</del>`)}</li>`;
  return `<li>${changeBlock(c, ctx, `${line}${fieldsHtml(c)}`)}</li>`;
}

export function renderDocument(data: ReviewData, doc: DocEntry, decisions: Decisions, opts: RenderOptions): string {
  const ctx: Ctx = {
    doc,
    partsOf: data.partsOf,
    decisions,
    interactive: opts.interactive,
    changeOf: new Map(),
    removedOf: new Map(),
    beforeOf: new Map(doc.before.map((r) => [key(r.kind, r.id), r])),
    afterOf: new Map(doc.after.map((r) => [key(r.kind, r.id), r])),
    rendered: new Set(),
    sectionAnchor: new Map(),
  };
  for (const c of doc.changes) (c.change === 'removed' ? ctx.removedOf : ctx.changeOf).set(key(c.kind, c.id), c);
  const roots = buildTree(ctx);
  let i = 0;
  const number = (xs: Node[]) => {
    for (const x of xs) {
      if (x.rec.kind === 'section' && !ctx.sectionAnchor.has(x.rec.id)) ctx.sectionAnchor.set(x.rec.id, `s-${++i}`);
      number(x.children);
    }
  };
  number(roots);

  const k = docCounts(doc, decisions, data.partsOf);
  const docRec = (ctx.afterOf.get(key('document', doc.docId)) ?? ctx.beforeOf.get(key('document', doc.docId)) ?? doc.after.find((r) => r.kind === 'document') ?? doc.before.find((r) => r.kind === 'document')) as DocumentRecord | undefined;

  // The document record's own change (title, counts, aliases, preamble, …).
  const docChange = doc.changes.find((c) => c.kind === 'document');
  const docBlock = docChange ? changeBlock(docChange, ctx, docChange.change === 'changed' || docChange.change === 'moved' ? fieldsHtml(docChange) : `<span class="muted">the whole document is ${docChange.change}</span>`) : '';
  const preamble = docRec && docRec.preamble.trim() ? `<details class="body"><summary>前言 · ${charCount(docRec.preamble)} 字</summary><div class="text">${paragraphs(docRec.preamble)}</div></details>` : '';

  const tree = roots.map((x) => nodeHtml(x, 0, ctx)).join('\n');

  // Warnings and errors of the newer run, and the ones that went away.
  const warns: string[] = [];
  for (const r of doc.after) if (r.kind === 'warning' || r.kind === 'error') warns.push(warningHtml(r, ctx.changeOf.get(key(r.kind, r.id)) ?? null, ctx));
  for (const c of ctx.removedOf.values()) {
    if (c.kind !== 'warning' && c.kind !== 'error') continue;
    const r = beforeRecord<WarningRecord>(c, ctx);
    if (r) warns.push(warningHtml(r, c, ctx));
  }
  const warnSection = warns.length ? `<section class="warnings"><h2>Warnings (${k.warnings}${k.warningsAdded ? `, +${k.warningsAdded}` : ''}${k.warningsRemoved ? `, −${k.warningsRemoved}` : ''})</h2><ul class="warnings">${warns.join('')}</ul></section>` : '';

  // Anything the tree had no place for still gets its block.
  const rest = doc.changes.filter((c) => !ctx.rendered.has(c.changeId)).map((c) => changeBlock(c, ctx, c.change === 'changed' || c.change === 'moved' ? `${fieldsHtml(c)}${c.cells ? cellListHtml(c.cells, new Set()) : ''}` : `<span class="muted">${esc(c.kind)} ${esc(c.id)}</span>`));
  const restSection = rest.length ? `<section><h2>Other changes</h2>${rest.join('\n')}</section>` : '';

  const list = doc.changes.length
    ? `<ol class="chlist">${doc.changes
        .map((c) => {
          const state = changeState(decisions, c, data.partsOf.get(c.changeId));
          return `<li data-for="${esc(c.changeId)}"><span class="badge b-${c.change}">${CHANGE_LABEL[c.change]}</span><span class="kind">${esc(c.kind)}</span><a href="#c-${esc(c.changeId)}">${esc(c.label)}</a>${stateHtml(c, state)}</li>`;
        })
        .join('')}</ol>`
    : '<p class="muted">No changes in this document.</p>';

  const toc = tocHtml(roots, ctx);
  const title = doc.title ?? doc.docId;
  const body = `<div class="crumbs"><a href="../index.html">← all documents</a></div>
<header><h1>${esc(title)}</h1>
<p class="runs">${esc(doc.docId)}${doc.sourcePath ? ` · ${esc(doc.sourcePath)}` : ''}<br>${esc(data.beforeLabel)} → ${esc(data.afterLabel)}${opts.interactive ? '' : ' · read-only export'}</p></header>
<div class="cards">${card(k.added, 'added')}${card(k.removed, 'removed')}${card(k.changed, 'changed')}${card(k.moved, 'moved')}${card(k.warnings, `warnings (+${k.warningsAdded} / −${k.warningsRemoved})`)}${card(`<span class="unreviewed-count">${k.unreviewed}</span>`, 'unreviewed')}${card(k.accepted, 'accepted')}${card(k.wrong, 'flagged wrong')}</div>
<p class="note">${doc.provenanceOnly} records differ only in provenance and are not shown as changes.</p>
${opts.interactive ? filterBar(doc, roots, ctx) : ''}
<h2>Changes</h2>
${list}
${toc ? `<details class="toc"><summary>Chapters</summary>${toc}</details>` : ''}
${docBlock}
<h2>Document</h2>
${preamble}
${tree}
${warnSection}
${restSection}`;
  return page(`${title} · review`, body + (opts.interactive ? SOURCE_PANEL : ''), opts);
}

/** The side panel the source opens in (served pages). */
const SOURCE_PANEL = `<aside id="source-panel" hidden aria-label="Source"><div class="sp-head"><b class="sp-title"></b><button type="button" class="sp-close" title="Close (Esc)">×</button></div>
<div class="sp-tools"><button type="button" class="sp-prev" title="Previous page">‹</button><span class="sp-page"></span><button type="button" class="sp-next" title="Next page">›</button><button type="button" class="sp-zoom-out" title="Zoom out">−</button><span class="sp-zoom"></span><button type="button" class="sp-zoom-in" title="Zoom in">+</button><span class="sp-parts"></span></div>
<div class="sp-body"></div></aside>`;

/** Filters (kind, warning code, review state, top-level section), the reviewer's name and the keys (served pages). */
function filterBar(doc: DocEntry, roots: Node[], ctx: Ctx): string {
  const opt = (v: string, label = v) => `<option value="${esc(v)}">${esc(label)}</option>`;
  const kinds = [...new Set(doc.changes.map((c) => c.kind))].sort();
  const codes = new Set<string>();
  for (const c of doc.changes) {
    const r = recordOf(c, ctx);
    if (r && (r.kind === 'warning' || r.kind === 'error')) codes.add(r.code);
  }
  const sections = roots.filter((x) => x.rec.kind === 'section').map((x) => {
    const r = x.rec as SectionRecord;
    return `${r.number ?? ''} ${r.title}`.trim();
  });
  const select = (name: string, all: string, options: string) => `<label>${esc(name)} <select data-filter="${esc(name)}"><option value="">${esc(all)}</option>${options}</select></label>`;
  return `<div class="filters" role="search">${select('kind', 'all kinds', kinds.map((k) => opt(k)).join(''))}${codes.size ? select('code', 'all warning codes', [...codes].sort().map((k) => opt(k)).join('')) : ''}${select('state', 'any state', opt('unreviewed') + opt('accepted') + opt('wrong', 'flagged wrong'))}${sections.length ? select('section', 'all sections', sections.map((k) => opt(k)).join('')) : ''}<label>reviewer <input type="text" id="reviewer" maxlength="80" placeholder="your name" autocomplete="name"></label><span class="keys muted">keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> accept · <kbd>f</kbd> flag · <kbd>s</kbd> source · <kbd>Esc</kbd> close</span><span class="shown muted"></span></div>`;
}
