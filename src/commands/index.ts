/** Every ringdesk command; cli.ts registers them in this order. */
import { consoleCommand } from './console.js';
import { replayCommand } from './replay.js';
import { lookupCommand } from './lookup.js';
import { dbCommand } from './db.js';
import { posCommand } from './pos.js';
import { relayCommand } from './relay.js';

export const commands = [consoleCommand, replayCommand, lookupCommand, dbCommand, posCommand, relayCommand];
