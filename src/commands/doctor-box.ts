/**
 * `ringdesk doctor`'s checks of the box itself (docs/operations.md): the Node it runs on, the
 * SQLite library and its features, the database's folder and files for the group, each point of
 * sale's endpoint (reachable; TLS or not), and the relay service.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { Check } from './doctor.js';
import { checkDataFiles } from '../files/private-file.js';
import { checkRecordingFolder } from '../files/recordings.js';
import { describeRecordRule, type RecordRule } from '../domain/recording.js';
import { sqliteLibrary } from './engine.js';
import { cleartextTokenWarning } from '../domain/secret-url.js';
import type { PosSettings } from '../store/ports.js';
import { maskUrlPasswords } from '../domain/secret-url.js';

/** The Node running ringdesk against package.json's engines (an older one never gets here: bin/check-node.cjs). */
export function nodeCheck(version = process.version): Check {
  const [major] = version.slice(1).split('.').map(Number);
  return major < 24
    ? { name: 'node', ok: true, warn: true, detail: `${version}: supported (22.12 or newer); Node 24 LTS is recommended` }
    : { name: 'node', ok: true, detail: `${version} (22.12 or newer needed)` };
}

/** SQLite's version and the two features the schema needs. */
export function sqliteCheck(lib = sqliteLibrary()): Check {
  const missing = [lib.fts5 ? '' : 'FTS5 (customer search)', lib.rtree ? '' : 'R*Tree (zones)'].filter(Boolean);
  return missing.length
    ? { name: 'sqlite', ok: false, detail: `SQLite ${lib.version} lacks ${missing.join(' and ')}: reinstall ringdesk so that better-sqlite3's own SQLite is used` }
    : { name: 'sqlite', ok: true, detail: `SQLite ${lib.version} with FTS5 and R*Tree` };
}

/** With recording on (for every call or some groups): the recordings folder (src/files/recordings.ts); skipped when off. */
export function recordingsCheck(rule: RecordRule, folder: string, freeBytes?: (dir: string) => number): Check {
  if (rule.kind === 'off') return { name: 'recordings', ok: null, detail: 'recording is off (record in the config file)' };
  const c = checkRecordingFolder(folder, freeBytes);
  return { name: 'recordings', ...c, detail: `${describeRecordRule(rule)}; ${c.detail}` };
}

export function filesCheck(db: string): Check {
  return { name: 'files', ...checkDataFiles(db) };
}

/** Host and port a POS endpoint connects to, and whether over TLS. */
function target(endpoint: string): { host: string; port: number; tls: boolean } | null {
  try {
    const u = new URL(endpoint);
    const secure = u.protocol === 'https:' || u.protocol === 'wss:';
    if (!secure && u.protocol !== 'http:' && u.protocol !== 'ws:') return null;
    return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(u.port) || (secure ? 443 : 80), tls: secure };
  } catch {
    return null;
  }
}

/** Connect to one point of sale's endpoint (a TLS handshake with its certificate checked, or a TCP connection). */
export function posCheck(p: Pick<PosSettings, 'name' | 'endpoint' | 'token'>, timeoutMs: number, opts: { isDemo?: (endpoint: string) => boolean; ca?: Buffer } = {}): Promise<Check> {
  const name = 'pos';
  const where = maskUrlPasswords(p.endpoint);
  if (!p.endpoint) return Promise.resolve({ name, ok: null, detail: `${p.name}: no endpoint (ringdesk pos set "${p.name}" --endpoint URL)` });
  if (opts.isDemo?.(p.endpoint)) return Promise.resolve({ name, ok: null, detail: `${p.name}: the demo kitchen (runs only inside console --demo)` });
  const t = target(p.endpoint);
  if (!t) return Promise.resolve({ name, ok: false, detail: `${p.name}: ${where} is not an http(s):// or ws(s):// address` });
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket = t.tls
      ? tls.connect({ host: t.host, port: t.port, servername: net.isIP(t.host) ? undefined : t.host, timeout: timeoutMs, ca: opts.ca })
      : net.connect({ host: t.host, port: t.port, timeout: timeoutMs });
    const done = (c: Check) => {
      socket.destroy();
      resolve(c);
    };
    socket.once(t.tls ? 'secureConnect' : 'connect', () => {
      const ms = Date.now() - t0;
      if (t.tls) {
        const s = socket as tls.TLSSocket;
        const cert = s.getPeerCertificate();
        done({ name, ok: true, detail: `${p.name}: ${where} over TLS (${s.getProtocol()}, certificate valid until ${cert.valid_to}; ${ms} ms)` });
        return;
      }
      const warning = cleartextTokenWarning(p);
      done(warning ? { name, ok: true, warn: true, detail: warning } : { name, ok: true, detail: `${p.name}: ${where} reachable, no TLS (loopback or no token; ${ms} ms)` });
    });
    socket.once('timeout', () => done({ name, ok: false, detail: `${p.name}: no answer from ${t.host}:${t.port} within ${timeoutMs} ms` }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ name, ok: false, detail: `${p.name}: cannot reach ${where}: ${e.code === 'ECONNREFUSED' ? 'connection refused' : e.message}` }));
  });
}

export const RELAY_UNIT = 'ringdesk-relay.service';

/** `systemctl show` of the relay's unit read into one check. */
export function relayUnitCheck(show: string): Check {
  const p = Object.fromEntries(show.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  if (p.LoadState === 'not-found') return { name: 'relay', ok: null, detail: `no ${RELAY_UNIT} on this box: each console sends its own orders; one relay per box is docs/operations.md step 5` };
  if (p.ActiveState === 'active') return { name: 'relay', ok: true, detail: `${RELAY_UNIT} ${p.SubState} since ${p.ActiveEnterTimestamp || '?'} (pid ${p.MainPID})` };
  return { name: 'relay', ok: false, detail: `${RELAY_UNIT} is ${p.ActiveState}${p.Result && p.Result !== 'success' ? ` (${p.Result})` : ''}: journalctl -u ${RELAY_UNIT}; systemctl start ${RELAY_UNIT}` };
}

/** Is the relay service running? Asks systemd where systemd runs the box. */
export function relayCheck(): Check {
  if (!fs.existsSync('/run/systemd/system')) return { name: 'relay', ok: null, detail: `systemd does not run this box: run "ringdesk relay" as its service (docs/operations.md)` };
  const r = spawnSync('systemctl', ['show', RELAY_UNIT, '--property=LoadState,ActiveState,SubState,Result,MainPID,ActiveEnterTimestamp'], { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0) return { name: 'relay', ok: false, detail: `systemctl show ${RELAY_UNIT}: ${(r.stderr || r.error?.message || 'failed').trim()}` };
  return relayUnitCheck(r.stdout);
}
