/** doctor's checks of the box on real folders, files, sockets and TLS servers (docs/operations.md step 8). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-store.js';
import { filesCheck, nodeCheck, posCheck, recordingsCheck, relayUnitCheck, sqliteCheck } from './doctor-box.js';
import { checkDataFiles } from '../files/private-file.js';

let cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});
function folder(mode: number): string {
  const { dir, cleanup } = tempDir('ringdesk-doctor-');
  cleanups.push(cleanup);
  const data = path.join(dir, 'srv');
  fs.mkdirSync(data);
  fs.chmodSync(data, mode);
  return data;
}
function file(f: string, mode: number): string {
  fs.writeFileSync(f, '');
  fs.chmodSync(f, mode);
  return f;
}

describe('node and sqlite', () => {
  it('names the Node version; below 24 it recommends 24 without failing', () => {
    expect(nodeCheck('v24.21.0')).toEqual({ name: 'node', ok: true, detail: 'v24.21.0 (22.12 or newer needed)' });
    expect(nodeCheck('v22.12.0')).toMatchObject({ ok: true, warn: true, detail: expect.stringContaining('Node 24 LTS is recommended') });
  });

  it("this SQLite has FTS5 and R*Tree; a library without them fails with what is missing", () => {
    const c = sqliteCheck();
    expect(c).toMatchObject({ name: 'sqlite', ok: true });
    expect(c.detail).toMatch(/^SQLite 3\.\d+\.\d+ with FTS5 and R\*Tree$/);
    expect(sqliteCheck({ version: '3.31.0', fts5: false, rtree: true })).toMatchObject({ ok: false, detail: expect.stringContaining('lacks FTS5 (customer search)') });
    expect(sqliteCheck({ version: '3.31.0', fts5: false, rtree: false }).detail).toContain('FTS5 (customer search) and R*Tree (zones)');
  });
});

describe('the recordings folder while recording is on', () => {
  const plenty = () => 50e9;
  it('skipped when recording is off; a private or group-shared writable folder with room is fine, naming the rule and the hours of room', () => {
    expect(recordingsCheck({ kind: 'off' }, '/nowhere')).toMatchObject({ name: 'recordings', ok: null });
    const own = folder(0o700);
    expect(recordingsCheck({ kind: 'on' }, own, plenty)).toEqual({ name: 'recordings', ok: true, detail: `every call is recorded; ${own} (0700) is writable, nothing open to others; 50.0 GB free (434 h of recorded calls)` });
    const shared = folder(0o2770);
    expect(recordingsCheck({ kind: 'groups', groups: ['Brno'] }, shared, plenty)).toMatchObject({ ok: true, detail: expect.stringMatching(/^calls routed to Brno are recorded; .* \(2770\) is writable/) });
  });

  it('fails on a folder open to others, one this user cannot write, a missing one that cannot be made, a full disk; warns on little room and a folder still to be made', () => {
    const open = folder(0o755);
    expect(recordingsCheck({ kind: 'on' }, open, plenty)).toMatchObject({ ok: false, detail: expect.stringContaining(`is open to others (0755): callers' voices; chmod o= ${open}`) });
    const full = folder(0o700);
    expect(recordingsCheck({ kind: 'on' }, full, () => 50e6)).toMatchObject({ ok: false, detail: expect.stringContaining('0.1 GB free (0.4 h of recorded calls): recordings will fail') });
    expect(recordingsCheck({ kind: 'on' }, full, () => 500e6)).toMatchObject({ ok: true, warn: true, detail: expect.stringContaining('(4.3 h of recorded calls): little room left') });
    const later = path.join(folder(0o700), 'recordings');
    expect(recordingsCheck({ kind: 'on' }, later, plenty)).toMatchObject({ ok: true, warn: true, detail: expect.stringContaining('does not exist yet: the first recorded call makes it (0700)') });
    const notAFolder = file(path.join(folder(0o700), 'recordings'), 0o600);
    expect(recordingsCheck({ kind: 'on' }, notAFolder, plenty)).toMatchObject({ ok: false, detail: `every call is recorded; the recordings folder ${notAFolder} is not a folder` });
    expect(recordingsCheck({ kind: 'on' }, path.join(notAFolder, 'x'), plenty)).toMatchObject({ ok: false, detail: expect.stringContaining('cannot be read: ENOTDIR') });
    if (process.getuid?.() === 0) return; // root writes anywhere: the rest cannot fail for it
    const locked = folder(0o500);
    expect(recordingsCheck({ kind: 'on' }, locked, plenty)).toMatchObject({ ok: false, detail: expect.stringContaining(`${locked} (0500) is not writable by this user (EACCES): calls would go unrecorded`) });
    expect(recordingsCheck({ kind: 'on' }, path.join(locked, 'recordings'), plenty)).toMatchObject({ ok: false, detail: expect.stringContaining('does not exist and cannot be made') });
  });
});

describe('the database folder and files for the group', () => {
  it('a setgid, group-writable folder with 0660 files is shared with its group', () => {
    const dir = folder(0o2770);
    file(path.join(dir, 'd.db'), 0o660);
    file(path.join(dir, 'd.db-wal'), 0o660);
    file(path.join(dir, 'd.db.secret-key'), 0o640);
    const c = filesCheck(path.join(dir, 'd.db'));
    expect(c).toMatchObject({ name: 'files', ok: true });
    expect(c.detail).toMatch(/\(2770\) is shared with group \S+: files 0660, nothing for others$/);
  });

  it('fails, saying what to run, on a file open to others, a file or folder the group cannot write, or a user outside the group', () => {
    const dir = folder(0o2770);
    const db = file(path.join(dir, 'd.db'), 0o660);
    file(`${db}-shm`, 0o664);
    expect(checkDataFiles(db)).toEqual({ ok: false, detail: `${db}-shm is open to others (0664): chmod o= ${db}-shm` });
    fs.chmodSync(`${db}-shm`, 0o640);
    expect(checkDataFiles(db)).toMatchObject({ ok: false, detail: expect.stringContaining(`${db}-shm (0640) is not group-writable: colleagues cannot write; chmod 0660`) });
    fs.chmodSync(`${db}-shm`, 0o660);
    expect(checkDataFiles(db)).toMatchObject({ ok: true });
    const gid = fs.statSync(dir).gid;
    expect(checkDataFiles(db, { uid: 4242, groups: [gid + 1] })).toMatchObject({ ok: false, detail: expect.stringContaining('this user is not in group') });
    expect(checkDataFiles(db, { uid: 4242, groups: [gid] })).toMatchObject({ ok: true });
    fs.chmodSync(dir, 0o2750);
    expect(checkDataFiles(db)).toMatchObject({ ok: false, detail: expect.stringContaining('is not group-writable: colleagues cannot create the -wal/-shm files; chmod 2770') });
  });

  it("a folder without the setgid bit is one user's: fine, and it says what a shared box needs", () => {
    const dir = folder(0o700);
    const db = file(path.join(dir, 'd.db'), 0o600);
    expect(checkDataFiles(db)).toMatchObject({ ok: true, detail: expect.stringContaining('is one user\'s, nothing open to others; a box shared by dispatchers needs a setgid group folder') });
    fs.chmodSync(db, 0o604);
    expect(checkDataFiles(db)).toMatchObject({ ok: false, detail: expect.stringContaining('is open to others (0604)') });
  });
});

describe('points of sale', () => {
  async function listening(server: net.Server): Promise<number> {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return (server.address() as net.AddressInfo).port;
  }

  it('a plain endpoint that answers: reachable, no TLS; one that refuses: FAIL with why', async () => {
    const port = await listening(net.createServer((s) => s.end()));
    expect(await posCheck({ name: 'Grill', endpoint: `http://127.0.0.1:${port}/orders`, token: '****1234' }, 2000))
      .toMatchObject({ name: 'pos', ok: true, detail: expect.stringMatching(new RegExp(`^Grill: http://127\\.0\\.0\\.1:${port}/orders reachable, no TLS`)) });
    // a port nothing listens on any more
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closed = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    expect(await posCheck({ name: 'Grill', endpoint: `ws://127.0.0.1:${closed}/`, token: '' }, 2000))
      .toEqual({ name: 'pos', ok: false, detail: `Grill: cannot reach ws://127.0.0.1:${closed}/: connection refused` });
  });

  it('a TLS endpoint: the handshake with its certificate checked (a certificate nobody vouches for fails)', async () => {
    const { dir, cleanup } = tempDir('ringdesk-doctor-tls-');
    cleanups.push(cleanup);
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const cert = fs.readFileSync(`${dir}/cert.pem`);
    const port = await listening(https.createServer({ cert, key: fs.readFileSync(`${dir}/key.pem`) }, (_q, s) => s.end()));
    const kitchen = { name: 'Kitchen', endpoint: `https://127.0.0.1:${port}/orders`, token: '****9999' };
    expect(await posCheck(kitchen, 2000, { ca: cert })).toMatchObject({ ok: true, detail: expect.stringMatching(/^Kitchen: https:\/\/127\.0\.0\.1:\d+\/orders over TLS \(TLSv1\.3, certificate valid until .+; \d+ ms\)$/) });
    expect(await posCheck(kitchen, 2000)).toMatchObject({ ok: false, detail: expect.stringContaining('self-signed certificate') });
  });

  it('no endpoint or the demo kitchen is skipped; an address that is not http(s)/ws(s) fails', async () => {
    expect(await posCheck({ name: 'A', endpoint: '', token: '' }, 100)).toMatchObject({ ok: null });
    expect(await posCheck({ name: 'B', endpoint: 'ws://127.0.0.1:1/demo/b', token: '' }, 100, { isDemo: () => true })).toMatchObject({ ok: null, detail: expect.stringContaining('demo kitchen') });
    expect(await posCheck({ name: 'C', endpoint: 'ftp://pos.example/', token: '' }, 100)).toMatchObject({ ok: false });
  });
});

describe('the relay service', () => {
  it("reads systemd's answer: running, stopped or failed, not installed", () => {
    expect(relayUnitCheck('LoadState=loaded\nActiveState=active\nSubState=running\nResult=success\nMainPID=812\nActiveEnterTimestamp=Mon 2026-12-07 06:00:01 CET\n'))
      .toEqual({ name: 'relay', ok: true, detail: 'ringdesk-relay.service running since Mon 2026-12-07 06:00:01 CET (pid 812)' });
    expect(relayUnitCheck('LoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\nMainPID=0\n'))
      .toMatchObject({ ok: false, detail: 'ringdesk-relay.service is failed (exit-code): journalctl -u ringdesk-relay.service; systemctl start ringdesk-relay.service' });
    expect(relayUnitCheck('LoadState=loaded\nActiveState=inactive\nSubState=dead\nResult=success\nMainPID=0\n')).toMatchObject({ ok: false });
    expect(relayUnitCheck('LoadState=not-found\nActiveState=inactive\n')).toMatchObject({ ok: null, detail: expect.stringContaining('docs/operations.md step 5') });
  });
});
