// A second console: watches the shared database as every console does (the store's commit watch,
// Store.onCommit: the -wal file, then data_version) and prints what a search finds whenever
// another process commits. Prints one JSON object per line.
import { Store } from '../../../dist/store/index.js';

const [file, query] = process.argv.slice(2);
const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const names = () => store.customerSearch.search(query).map((c) => c.name);
const stop = store.onCommit((byOthers) => { if (byOthers) say({ seenAt: Date.now(), version: store.dataVersion(), names: names() }); });
say({ ready: true, version: store.dataVersion(), names: names() });
const quit = () => { stop(); store.close(); process.exit(0); };
process.on('SIGTERM', quit);
process.stdin.on('end', quit);
process.stdin.resume();
setInterval(() => {}, 1000);
