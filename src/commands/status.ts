// `vetreport status`: the queue, the last runs with where each stands (running, complete, queued,
// interrupted), and the documents whose latest extraction failed.
import type { CliIO } from '../cli/io.ts';
import type { RedisSettings } from '../queue/redis.ts';
import { runStatus, type QueueProbe } from '../store/state.ts';
import { Store } from '../store/store.ts';
import { queueMode, storeRoot, type ModeOptions } from './mode.ts';

/** The report, and why the Redis it was told to ask did not answer (null when it did, or none was named). */
export async function statusReport(store: Store, settings: RedisSettings | null, lastRuns = 5): Promise<{ text: string; redisProblem: string | null }> {
  const out: string[] = [];
  let probe: QueueProbe | undefined;
  let closeQueue = async () => undefined as void;
  const redis = settings ? await import('../queue/redis.ts') : null;
  const problem = settings && redis ? await redis.redisProblem(settings.url) : null;
  if (settings && redis && !problem) {
    const { connectClient, extractQueue } = redis;
    const { queueSink } = await import('../queue/sink.ts');
    const connection = connectClient(settings);
    const queue = extractQueue(settings, connection);
    const c = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
    out.push(`queue ${settings.prefix}:extract at ${redis.displayUrl(settings.url)}`);
    out.push(`  waiting ${(c.waiting ?? 0) + (c.prioritized ?? 0)}  active ${c.active ?? 0}  completed ${c.completed ?? 0}  failed ${c.failed ?? 0}  delayed ${c.delayed ?? 0}`);
    probe = (keys) => queueSink(queue).isLive!(keys);
    closeQueue = async () => {
      await queue.close();
      await connection.quit();
    };
  } else {
    out.push(settings ? `queue: cannot reach Redis at ${redis!.displayUrl(settings.url)} (${problem})` : 'queue: none (embedded mode; --redis or VETREPORT_REDIS_URL to use workers)');
  }

  try {
    const runs = (await store.runs()).slice(0, lastRuns);
    out.push('', `last runs (store ${store.root}):`);
    if (runs.length === 0) out.push('  none yet');
    let interrupted = 0;
    for (const runId of runs) {
      const s = await runStatus(store, runId, probe);
      const m = s.manifest;
      const ok = m.documents.filter((d) => d.status === 'ok').length;
      const bad = m.documents.length - ok;
      const owed = s.owed.length + s.owedUnlisted;
      const of = owed > 0 ? `/${m.documents.length + owed}` : m.planned !== null && m.planned !== m.documents.length ? `/${m.planned}` : '';
      if (s.state === 'interrupted') interrupted++;
      out.push(`  ${runId}  ${m.trigger.padEnd(7)} ${m.pipeline.name}@${m.pipeline.version}  ${s.state.padEnd(11)} ${m.documents.length}${of} documents, ${ok} ok, ${bad} failed${owed ? `, ${owed} not done` : ''}`);
    }
    if (interrupted) out.push(`  (${interrupted} interrupted: \`vetreport rerun --interrupted\` finishes ${interrupted === 1 ? 'it' : 'them'})`);
  } finally {
    await closeQueue();
  }

  const failed = (await store.allLatest()).filter((p) => p.status === 'failed');
  out.push('', `failed documents: ${failed.length}`);
  for (const p of failed) out.push(`  ${p.docId}  ${p.sourcePath}  ${p.error?.code}: ${p.error?.message}  (run ${p.runId})`);
  return { text: out.join('\n'), redisProblem: problem && settings ? `cannot reach Redis at ${redis!.displayUrl(settings.url)} (${problem})` : null };
}

/** Exit 2 when the Redis it was told to ask does not answer (the store part is printed all the same). */
export async function statusCommand(opts: ModeOptions & { runs: number }, io: CliIO): Promise<number> {
  const settings = queueMode(opts) ? (await import('../queue/redis.ts')).redisSettings(opts) : null;
  const { text, redisProblem } = await statusReport(new Store(storeRoot(opts)), settings, opts.runs);
  io.say(text);
  if (!redisProblem) return 0;
  io.warn(redisProblem);
  return 2;
}
