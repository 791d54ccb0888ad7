// `node --import ./test/helpers/import-log.mjs …` appends every module URL the process resolves to
// the file named by $VETREPORT_IMPORT_LOG: which modules a command really loads, ESM and CommonJS alike.
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import Module from 'node:module';

const log = process.env.VETREPORT_IMPORT_LOG;
if (log) {
  register(`data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
      return r;
    }`)}`);
  // require() (createRequire, CommonJS packages) bypasses the ESM hooks on Node 20.
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    appendFileSync(log, `require:${request}\n`);
    return load.call(this, request, parent, isMain);
  };
}
