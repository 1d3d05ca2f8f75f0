/** The desk: pure state machine (reduce), S2 routing, the keymap table, and the effect runner. */
export * from './state.js';
export * from './events.js';
export * from './keymap.js';
export { reduce, cardFields, fieldLabels, fieldValue, type CardField } from './reduce.js';
export { route, type Route, type RoutingInput } from './routing.js';
export { DeskRunner, type RunnerOptions } from './runner.js';
