// `vetreport status`: the queue, the last runs with where each stands (running, complete, queued,
// interrupted), and the documents whose latest extraction failed.
import type { CliIO } from '../cli/io.ts';
import type { RedisSettings } from '../queue/redis.ts';
import { runStatus, type QueueProbe } from '../store/state.ts';
import { Store } from '../store/store.ts';
import { queueMode, storeRoot, type ModeOptions } from './mode.ts';

const LIVE_JOB_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export async function statusReport(store: Store, settings: RedisSettings | null, lastRuns = 5): Promise<string> {
  const out: string[] = [];
  let probe: QueueProbe | undefined;
  let closeQueue = async () => undefined as void;
  const redis = settings ? await import('../queue/redis.ts') : null;
  if (settings && redis && (await redis.redisReachable(settings.url))) {
    const { connect, extractQueue } = redis;
    const connection = connect(settings);
    const queue = extractQueue(settings, connection);
    const c = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
    out.push(`queue ${settings.prefix}:extract at ${redis.displayUrl(settings.url)}`);
    out.push(`  waiting ${(c.waiting ?? 0) + (c.prioritized ?? 0)}  active ${c.active ?? 0}  completed ${c.completed ?? 0}  failed ${c.failed ?? 0}  delayed ${c.delayed ?? 0}`);
    probe = async (keys) => {
      for (const k of keys) if (LIVE_JOB_STATES.has(await queue.getJobState(k))) return true;
      return false;
    };
    closeQueue = async () => {
      await queue.close();
      await connection.quit();
    };
  } else {
    out.push(settings ? `queue: Redis at ${redis!.displayUrl(settings.url)} is not reachable` : 'queue: none (embedded mode; --redis or VETREPORT_REDIS_URL to use workers)');
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
  return out.join('\n');
}

export async function statusCommand(opts: ModeOptions & { runs: number }, io: CliIO): Promise<number> {
  const settings = queueMode(opts) ? (await import('../queue/redis.ts')).redisSettings(opts) : null;
  io.say(await statusReport(new Store(storeRoot(opts)), settings, opts.runs));
  return 0;
}
