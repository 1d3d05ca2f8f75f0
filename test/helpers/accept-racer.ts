/**
 * A console that races for work items (src/store/work-items.test.ts, bundled by esbuild into a
 * worker thread): its own Store connection on the shared file; for each item, wait at the
 * barrier with the other racer, then accept at the same instant and report whether it won.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../../src/store/index.js';

const { file, ids, me, barrier } = workerData as { file: string; ids: number[]; me: string; barrier: SharedArrayBuffer };
const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
const gate = new Int32Array(barrier);
const won: boolean[] = [];
for (let i = 0; i < ids.length; i++) {
  // both arrive at round i, the second to arrive releases both
  if (Atomics.add(gate, 0, 1) % 2 === 1) { Atomics.store(gate, 1, i + 1); Atomics.notify(gate, 1); }
  else while (Atomics.load(gate, 1) < i + 1) Atomics.wait(gate, 1, i, 50);
  won.push(store.workItems.accept(ids[i], { operator: me, console: me }, 1_000 + i).ok);
}
store.close();
parentPort!.postMessage(won);
