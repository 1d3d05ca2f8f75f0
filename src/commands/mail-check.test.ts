/** doctor's line about offline e-mails: not set up, a login without its password, failed messages, fine. */
import { describe, expect, it } from 'vitest';
import { mailCheck } from './doctor.js';

const none = { queued: 0, sending: 0, sent: 0, failed: 0 };
describe("doctor's mail check", () => {
  it('says what is missing or failed, and never sends anything', () => {
    expect(mailCheck({ smtp: '', offlineMailTo: '' }, none, false)).toMatchObject({ name: 'mail', ok: null, detail: expect.stringContaining('no SMTP server set') });
    expect(mailCheck({ smtp: 'smtp://desk@mail.example:587', offlineMailTo: 'a@b.cz' }, none, false)).toMatchObject({ ok: false, detail: expect.stringContaining('password NOT set: ringdesk mail password') });
    expect(mailCheck({ smtp: 'smtp://mail.example:25', offlineMailTo: 'a@b.cz' }, { ...none, failed: 2 }, false)).toMatchObject({ ok: false, detail: expect.stringContaining('2 offline e-mail(s) failed') });
    expect(mailCheck({ smtp: 'smtps://desk@mail.example', offlineMailTo: 'a@b.cz' }, { ...none, sent: 5, queued: 1 }, true))
      .toEqual({ name: 'mail', ok: true, detail: 'SMTP smtps://desk@mail.example, password set (sealed); offline messages to a@b.cz; 5 sent, 1 waiting' });
  });
});
