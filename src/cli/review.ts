import { wholeNumber, type CommandDefinition } from './io.ts';
import { storeOption } from './options.ts';

export const defineReview: CommandDefinition = (program, act, io) => {
  storeOption(
    program
      .command('review')
      .description('serve the review page for two runs on localhost (accept or flag each change), or write it as static HTML with --out')
      .argument('[runA]', 'older run (as for diff)')
      .argument('[runB]', 'newer run (default: the newest run)')
      .option('--align', 'compare two editions of a report: sections by number and title, tables by caption, year columns shifted')
      .option('-o, --out <dir>', 'write self-contained static pages (read-only) to DIR instead of serving')
      .option('--port <port>', 'port to serve on (0 = any free port)', wholeNumber(0), 0)
      .option('--host <host>', 'address to bind', '127.0.0.1'),
  ).action(act(async (a: string | undefined, b: string | undefined, opts) => (await import('../commands/review.ts')).reviewCli(a, b, opts, io)));
};
