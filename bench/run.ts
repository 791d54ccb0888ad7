// `npm run bench`: every benchmark of the project, each against its baseline in the same process.
// BENCH_ONLY=startup|builtins|text|export|linear|docx|pdf|ocr|batch|queue runs one of them.
import { benchBatch } from './batch.ts';
import { benchBuiltins } from './builtins.ts';
import { benchDocx } from './docx.ts';
import { benchExport } from './export.ts';
import { benchLinear } from './linear.ts';
import { benchOcr } from './ocr.ts';
import { benchPdf } from './pdf.ts';
import { benchQueue } from './queue.ts';
import { benchStartup } from './startup.ts';
import { benchTextPath } from './text-path.ts';

const only = process.env.BENCH_ONLY;
console.log(`vetreport bench — node ${process.version}, ${new Date().toISOString()}`);
if (!only || only === 'startup') await benchStartup();
if (!only || only === 'builtins') await benchBuiltins();
if (!only || only === 'text') await benchTextPath();
if (!only || only === 'export') await benchExport();
if (!only || only === 'linear') await benchLinear();
if (!only || only === 'docx') await benchDocx();
if (!only || only === 'pdf') await benchPdf();
if (!only || only === 'ocr') await benchOcr();
if (!only || only === 'batch') await benchBatch();
if (!only || only === 'queue') await benchQueue();
