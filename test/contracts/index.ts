/** Every contract suite of the store's ports: an engine passes them all (src/store/sqlite-ports.test.ts runs them on SQLite). */
import type { PortsEngine } from './engine.js';
import { customersContract } from './customers.contract.js';
import { deliveriesContract } from './deliveries.contract.js';
import { outboxContract } from './outbox.contract.js';
import { workItemsContract } from './work-items.contract.js';
import { conversationsContract } from './conversations.contract.js';

export type { PortsEngine, OpenedDatabase } from './engine.js';

export function storeContracts(engine: PortsEngine): void {
  customersContract(engine);
  deliveriesContract(engine);
  outboxContract(engine);
  workItemsContract(engine);
  conversationsContract(engine);
}
