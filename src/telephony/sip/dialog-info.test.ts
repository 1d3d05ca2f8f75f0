/**
 * RFC 4235 dialog-info bodies as the PBX sends them, and as nobody should: garbage, huge,
 * an XML bomb, another entity, unknown states. Each is refused with a reason that names what
 * and where; nothing throws (the phone keeps running).
 */
import { describe, expect, it } from 'vitest';
import { MAX_DIALOG_INFO_BYTES, aorOf, parseDialogInfo } from './dialog-info.js';

const ENTITY = 'sip:1001@127.0.0.1';
const doc = (dialogs: string, attrs = `version="3" state="partial" entity="${ENTITY}"`) =>
  `<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" ${attrs}>${dialogs}</dialog-info>`;

describe('parseDialogInfo', () => {
  it('reads what Kamailio\'s pua_dialoginfo publishes: call-id, direction, state and its event', () => {
    const body = doc(`
      <dialog id="a84b4c76e66710" call-id="76e66710@caller" local-tag="1928301774" remote-tag="a84b4c76" direction="recipient">
        <state event="remote-bye">terminated</state>
        <remote><identity>sip:+420777123456@127.0.0.1</identity><target uri="sip:+420777123456@127.0.0.1:5060"/></remote>
        <local><identity>sip:1001@127.0.0.1</identity></local>
      </dialog>
      <dialog id="x2" call-id="second@x"><state>confirmed</state></dialog>`);
    expect(parseDialogInfo(body, ENTITY)).toEqual({
      ok: true,
      info: {
        version: 3, state: 'partial', entity: ENTITY,
        dialogs: [
          { id: 'a84b4c76e66710', callId: '76e66710@caller', direction: 'recipient', state: 'terminated', event: 'remote-bye' },
          { id: 'x2', callId: 'second@x', direction: '', state: 'confirmed', event: '' },
        ],
      },
    });
  });

  it('a full state with no dialog (the first NOTIFY of an idle extension), a namespace prefix, and the entity with a port', () => {
    const r = parseDialogInfo(`<d:dialog-info xmlns:d="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:1001@127.0.0.1:15060"/>`, ENTITY);
    expect(r).toEqual({ ok: true, info: { version: 0, state: 'full', entity: 'sip:1001@127.0.0.1:15060', dialogs: [] } });
  });

  it.each([
    ['empty', '', 'dialog-info body is empty'],
    ['garbage', 'not xml at all \u0000\u001b[2J', /^dialog-info body is not XML: .* \(line 1, column \d+\)$/],
    ['unclosed', doc('<dialog id="1"><state>confirmed</state>'), /^dialog-info body is not XML: .*\(line \d+, column \d+\)$/],
    ['another root', '<presence entity="sip:1001@127.0.0.1"/>', 'not a dialog-info document (root element "presence")'],
    ['another entity', doc('', `version="1" state="full" entity="sip:2002@127.0.0.1"`), 'dialog-info about "sip:2002@127.0.0.1", not the watched "sip:1001@127.0.0.1"'],
    ['no entity', doc('', 'version="1" state="full"'), 'dialog-info about "", not the watched "sip:1001@127.0.0.1"'],
    ['a bad version', doc('', `version="-1" state="full" entity="${ENTITY}"`), 'dialog-info version "-1" is not a whole number'],
    ['a bad state', doc('', `version="1" state="some" entity="${ENTITY}"`), 'dialog-info state "some" is neither full nor partial'],
    ['a dialog without id', doc('<dialog call-id="c"><state>confirmed</state></dialog>'), 'dialog 1 has no id'],
    ['an unknown dialog state', doc('<dialog id="d1"><state>ringing</state></dialog>'), 'dialog 1 ("d1") has state "ringing", not one of trying, proceeding, early, confirmed, terminated'],
    ['escape sequences in an id', doc('<dialog id="\u001b[31mred"><state>nope</state></dialog>'), 'dialog 1 ("red") has state "nope", not one of trying, proceeding, early, confirmed, terminated'],
    ['an XML bomb', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${doc('<dialog id="&b;"><state>confirmed</state></dialog>').replace('<?xml version="1.0"?>\n', '')}`, 'dialog-info body has a DOCTYPE or entity definition (refused)'],
  ])('%s is refused with a reason', (_what, body, reason) => {
    const r = parseDialogInfo(body, ENTITY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      if (typeof reason === 'string') expect(r.reason).toBe(reason);
      else expect(r.reason).toMatch(reason);
      expect(r.reason).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });

  it('a huge body is refused unread, and so is one listing hundreds of dialogs', () => {
    const huge = doc(`<dialog id="1" call-id="${'x'.repeat(MAX_DIALOG_INFO_BYTES)}"><state>confirmed</state></dialog>`);
    expect(parseDialogInfo(huge, ENTITY)).toEqual({ ok: false, reason: `dialog-info body of ${Buffer.byteLength(huge)} bytes refused (at most ${MAX_DIALOG_INFO_BYTES})` });
    const many = doc(Array.from({ length: 201 }, (_, i) => `<dialog id="${i}"><state>early</state></dialog>`).join(''));
    expect(parseDialogInfo(many, ENTITY)).toEqual({ ok: false, reason: 'dialog-info lists 201 dialogs (at most 200)' });
  });

  it('deep nesting inside a dialog does not throw', () => {
    const deep = doc(`<dialog id="1"><state>confirmed</state>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</dialog>`);
    const r = parseDialogInfo(deep, ENTITY);
    expect(typeof r.ok).toBe('boolean');
    if (!r.ok) expect(r.reason).toMatch(/^dialog-info body/);
  });

  it('aorOf: user@host of a SIP URI (an entity attribute), without port or parameters', () => {
    expect(aorOf('<sip:1001@PBX.example:5060;transport=ws>')).toBe('1001@pbx.example');
    expect(aorOf('sips:1001@pbx.example')).toBe('1001@pbx.example');
    expect(aorOf('tel:+420777')).toBe('');
  });
});
