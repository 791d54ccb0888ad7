// `vetreport status`: the queue, the last runs, and the documents whose latest extraction failed.
import type { CliIO } from '../cli/io.ts';
import type { RedisSettings } from '../queue/redis.ts';
import { Store } from '../store/store.ts';
import { queueMode, storeRoot, type ModeOptions } from './mode.ts';

export async function statusReport(store: Store, settings: RedisSettings | null, lastRuns = 5): Promise<string> {
  const out: string[] = [];
  const redis = settings ? await import('../queue/redis.ts') : null;
  if (settings && redis && (await redis.redisReachable(settings.url))) {
    const { connect, extractQueue } = redis;
    const connection = connect(settings);
    const queue = extractQueue(settings, connection);
    const c = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
    out.push(`queue ${settings.prefix}:extract at ${settings.url.replace(/\/\/[^@]*@/, '//***@')}`);
    out.push(`  waiting ${(c.waiting ?? 0) + (c.prioritized ?? 0)}  active ${c.active ?? 0}  completed ${c.completed ?? 0}  failed ${c.failed ?? 0}  delayed ${c.delayed ?? 0}`);
    await queue.close();
    await connection.quit();
  } else {
    out.push(settings ? `queue: Redis at ${settings.url} is not reachable` : 'queue: none (embedded mode; set REDIS_URL or --redis to use workers)');
  }

  const runs = (await store.runs()).slice(0, lastRuns);
  out.push('', `last runs (store ${store.root}):`);
  if (runs.length === 0) out.push('  none yet');
  for (const runId of runs) {
    const m = await store.manifest(runId).catch(() => null);
    if (!m) continue;
    const ok = m.documents.filter((d) => d.status === 'ok').length;
    const bad = m.documents.length - ok;
    const planned = m.planned !== null ? `/${m.planned}` : '';
    out.push(`  ${runId}  ${m.trigger.padEnd(7)} ${m.pipeline.name}@${m.pipeline.version}  ${m.documents.length}${planned} documents, ${ok} ok, ${bad} failed`);
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
