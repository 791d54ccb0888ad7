// `npm run bench`: every benchmark of the project, each against its baseline in the same process.
import { benchTextPath } from './text-path.ts';

console.log(`vetreport bench — node ${process.version}, ${new Date().toISOString()}`);
await benchTextPath();
