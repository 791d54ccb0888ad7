// Starts a thread from TypeScript source, where the sources run without a build (tests, benchmarks,
// a checkout whose dist/ is stale): Node 20 does not pass `--import tsx` on to worker threads, so
// the thread registers tsx's loader itself, then imports the module named by its first argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
