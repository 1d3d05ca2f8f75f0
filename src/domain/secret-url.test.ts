import { describe, expect, it } from 'vitest';
import { hasUrlPassword, maskUrlPasswords } from './secret-url.js';

describe('maskUrlPasswords', () => {
  it('masks the password of PBX, POS and geocoder URLs, keeps the user and host', () => {
    expect(maskUrlPasswords('wss://alice:s3cret@pbx.example:8089/ws')).toBe('wss://alice:****@pbx.example:8089/ws');
    expect(maskUrlPasswords('POS http://kitchen:p@ss:w0rd@10.0.0.5:8080/orders refused')).toBe('POS http://kitchen:****@10.0.0.5:8080/orders refused');
    expect(maskUrlPasswords('https://geo.example/search?q=x&key=abc123&format=json')).toBe('https://geo.example/search?q=x&key=****&format=json');
    expect(maskUrlPasswords('ws://a:1@h/ and wss://b:2@k/')).toBe('ws://a:****@h/ and wss://b:****@k/');
  });
  it('leaves URLs without a password alone', () => {
    for (const u of ['ws://127.0.0.1:15080', 'https://user@host/path', 'https://host/?q=a:b@c', 'no url here']) expect(maskUrlPasswords(u)).toBe(u);
    expect(hasUrlPassword('ws://127.0.0.1:15080')).toBe(false);
    expect(hasUrlPassword('ws://u:p@127.0.0.1:15080')).toBe(true);
  });
});
