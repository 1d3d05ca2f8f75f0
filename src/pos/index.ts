/**
 * src/pos: handing orders to points of sale. The payload (docs/pos-api.md), the relay that
 * drains the outbox with leases and retries, its HTTP and WebSocket transports, and the
 * intake of statuses and stop-list updates the POS reports back.
 */
export { orderPayload, type OrderPayload } from './payload.js';
export { startRelay, defaultOwner, type Relay, type RelayOptions } from './relay.js';
export { lateWaker, type RelayWaker } from './wake.js';
export { parseGiveUp, giveUpAt, defaultGiveUp, type GiveUpPolicy } from './give-up.js';
export { startStatusServer, parseListen, type StatusServer } from './status-server.js';
export { receiveStatus, receivePosMessage, orderIdOf } from './status-intake.js';
export { receiveStopList } from './stop-list-intake.js';
export { parsePosStatus, isForward, posStatusMeaning } from '../domain/pos-status.js';
