/** Telephony: the Phone interface and its implementations (replay here; sip in ./sip). */
export * from './phone.js';
export * from './call-state.js';
export { ReplayPhone, type ReplayOptions } from './replay/replay-phone.js';
