/** Every ringdesk command; cli.ts registers them in this order. */
import { consoleCommand } from './console.js';
import { replayCommand } from './replay.js';
import { lookupCommand } from './lookup.js';
import { dbCommand } from './db.js';
import { posCommand } from './pos.js';
import { relayCommand } from './relay.js';
import { intakeCommand } from './intake.js';
import { zonesCommand } from './zones.js';
import { menuCommand } from './menu.js';
import { busyCommand } from './busy.js';
import { quoteCommand } from './quote.js';
import { callsCommand } from './calls.js';
import { operatorCommand } from './operator.js';
import { routeCommand } from './route.js';
import { doctorCommand } from './doctor.js';
import { mailCommand } from './mail.js';
import { codeCommand } from './code.js';
import { callbackCommand } from './callback.js';
import { groupCommand } from './group.js';

export const commands = [consoleCommand, replayCommand, lookupCommand, dbCommand, posCommand, relayCommand, intakeCommand, zonesCommand, menuCommand, busyCommand, quoteCommand, callsCommand, operatorCommand, groupCommand, routeCommand, doctorCommand, mailCommand, codeCommand, callbackCommand];
