// `npm run bench`: every benchmark of the project, each against its baseline in the same process.
// BENCH_ONLY=text|queue runs one of them.
import { benchQueue } from './queue.ts';
import { benchTextPath } from './text-path.ts';

const only = process.env.BENCH_ONLY;
console.log(`vetreport bench — node ${process.version}, ${new Date().toISOString()}`);
if (!only || only === 'text') await benchTextPath();
if (!only || only === 'queue') await benchQueue();
