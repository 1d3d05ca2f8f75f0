/**
 * Make sip.js parse SIP without rebuilding its grammar on every header.
 *
 * sip.js 0.21.2's generated peg parser declares its constant table (~800 entries:
 * regexes, expectation objects, action closures) and decodes ~230 bytecode strings
 * inside `peg$parse`, so every header parse pays ~175 µs before reading a byte; an
 * incoming INVITE makes about twelve such calls (SIP-NOTES.md). `installFastGrammar`
 * takes the same generated source, moves the per-call state out so the tables are
 * built once, checks the result against the original on sample messages, and only
 * then swaps `Grammar.parse`. If the source does not look as expected (another
 * sip.js version) nothing changes and the reason is returned.
 *
 * Most header values of a call repeat from one message to the next (the proxy's
 * Record-Route, the request line and To of every INVITE for this console, Content-Type,
 * CSeq, Max-Forwards...): those are parsed once and handed out as fresh copies
 * (`rememberParses`), which takes about two thirds of an INVITE's parsing away; a call's
 * From and Call-ID come back in its ACK and BYE, and a Via differs only in its branch.
 */
import { Grammar, NameAddrHeader, URI } from 'sip.js';
import { sipGrammarSource } from './grammar-source.js';

type Parse = (input: string, startRule: string) => unknown;

type PegParse = (input: string, options: { startRule?: string; data?: unknown }) => unknown;

let installed: { ok: boolean; reason: string } | null = null;

function cut(src: string, start: string, end: string): { before: string; middle: string; after: string } | null {
  const a = src.indexOf(start);
  if (a < 0) return null;
  const b = src.indexOf(end, a + start.length);
  if (b < 0) return null;
  return { before: src.slice(0, a), middle: src.slice(a, b + end.length), after: src.slice(b + end.length) };
}

/** Build a parser with hoisted tables from sip.js's generated grammar source, or explain why not. */
export function hoistGrammar(source: string): PegParse | string {
  let s = source.replace(/^import .*$/gm, '').replace(/^export class SyntaxError/m, 'class SyntaxError');
  const head = 'function peg$parse(input, options) {\n    options = options !== undefined ? options : {};';
  if (!s.includes(head)) return 'peg$parse header not found';
  s = s.replace(head, 'function peg$factory() {\n    let input, options;');
  if (!s.includes('const peg$source = options.grammarSource;')) return 'peg$source line not found';
  s = s.replace('const peg$source = options.grammarSource;', 'let peg$source;');
  s = s.replace('const peg$posDetailsCache = [{ line: 1, column: 1 }];', 'let peg$posDetailsCache = [{ line: 1, column: 1 }];');
  const start = cut(s, '    if (options.startRule !== undefined) {', '\n    }\n');
  if (!start) return 'startRule block not found';
  s = start.before + start.after;
  const dataLine = '    options.data = {}; // Object to which header attributes will be assigned during parsing\n';
  if (!s.includes(dataLine)) return 'options.data line not found';
  s = s.replace(dataLine, '');
  const tail = cut(s, '    peg$result = peg$parseRule(peg$startRuleIndex);', '\n}\nexport const parse = peg$parse;');
  if (!tail) return 'parser tail not found';
  const perCall = `
    return function peg$parse(input_, options_) {
        input = input_;
        options = options_ !== undefined ? options_ : {};
        peg$source = options.grammarSource;
        peg$currPos = 0;
        peg$savedPos = 0;
        peg$posDetailsCache = [{ line: 1, column: 1 }];
        peg$maxFailPos = 0;
        peg$maxFailExpected = [];
        peg$silentFails = 0;
        peg$result = undefined;
        peg$startRuleIndex = 119;
${start.middle}
        options.data = {};
${tail.middle.replace('\n}\nexport const parse = peg$parse;', '')}
    };
}
return peg$factory();`;
  s = tail.before + perCall + tail.after;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('NameAddrHeader', 'URI', s)(NameAddrHeader, URI) as PegParse;
  } catch (e) {
    return `hoisted grammar does not compile: ${(e as Error).message}`;
  }
}

const SAMPLES: [string, string][] = [
  ['INVITE sip:1001@127.0.0.1:15060 SIP/2.0', 'Request_Response'],
  ['SIP/2.0 180 Ringing', 'Request_Response'],
  ['SIP/2.0/UDP 127.0.0.1:15060;branch=z9hG4bKabc;rport=5060;received=127.0.0.1', 'Via'],
  ['"Jana Nováková" <sip:+420777123456@127.0.0.1:15070>;tag=77', 'From'],
  ['<sip:1001@127.0.0.1>', 'To'],
  ['<sip:abc@x.invalid;transport=ws;alias=127.0.0.1~4000~5>;expires=300;+sip.instance="<urn:uuid:1>"', 'Contact'],
  ['<sip:127.0.0.1:15060;transport=ws;r2=on;lr>, <sip:127.0.0.1;r2=on;lr>', 'Record_Route'],
  ['1 INVITE', 'CSeq'],
  ['Digest realm="127.0.0.1", nonce="abc", qop="auth"', 'WWW_Authenticate'],
  ['application/sdp', 'Content_Type'],
  ['<sip:broken', 'From'],
  ['', 'Via'],
];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A parse result that nobody else holds: every array and object copied field by field with its
 * class kept (URI and NameAddrHeader's own `clone()` would turn a missing user into "").
 */
export function copyParsed<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copyParsed) as T;
  const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[k] = copyParsed(x);
  return out as T;
}

const REMEMBERED = 512;
/** A Via's branch differs in every message; the rest of it rarely does. */
const VIA_BRANCH = /(;\s*branch\s*=\s*)([A-Za-z0-9.!%*_+`'~-]+)(?=\s*(;|$))/i;
const BRANCH_STAND_IN = 'z9hG4bKringdesk0';

/**
 * `parse` with a bounded memory of the values it has parsed (oldest forgotten first); every
 * call gets its own copy, since sip.js may change what it is given. A From or Call-ID comes
 * back in the call's ACK and BYE; a Via is remembered without its branch, which is put back.
 */
export function rememberParses(parse: Parse, size = REMEMBERED): Parse {
  const known = new Map<string, unknown>();
  const remembered = (input: string, startRule: string): unknown => {
    const key = `${startRule}\u0000${input}`;
    if (known.has(key)) return copyParsed(known.get(key));
    const parsed = parse(input, startRule);
    known.set(key, parsed);
    if (known.size > size) known.delete(known.keys().next().value!);
    return copyParsed(parsed);
  };
  return (input, startRule) => {
    if (typeof input !== 'string' || input.length > 1024) return parse(input, startRule);
    if (startRule !== 'Via') return remembered(input, startRule);
    const m = VIA_BRANCH.exec(input);
    if (!m) return remembered(input, startRule);
    const at = m.index + m[1].length;
    const via = remembered(input.slice(0, at) + BRANCH_STAND_IN + input.slice(at + m[2].length), startRule) as { branch?: string } | -1;
    if (typeof via !== 'object' || via === null || via.branch !== BRANCH_STAND_IN) return parse(input, startRule);
    via.branch = m[2];
    return via;
  };
}

/**
 * Swap sip.js's Grammar.parse for the hoisted parser once per process.
 * Returns whether it is in use and why not.
 */
export function installFastGrammar(): { ok: boolean; reason: string } {
  if (installed) return installed;
  try {
    const fast = hoistGrammar(sipGrammarSource());
    if (typeof fast === 'string') return (installed = { ok: false, reason: fast });
    const original = Grammar.parse;
    const hoisted = (input: string, startRule: string): unknown => {
      const options: { startRule?: string; data?: unknown } = { startRule };
      try {
        fast(input, options);
      } catch {
        options.data = -1;
      }
      return options.data;
    };
    const parse = rememberParses(hoisted);
    for (const [input, rule] of SAMPLES) {
      // twice: the second answer comes from memory
      for (const round of [1, 2]) {
        if (!same(parse(input, rule), original(input, rule))) {
          return (installed = { ok: false, reason: `hoisted grammar disagrees on ${rule} (round ${round}): ${input}` });
        }
      }
    }
    Grammar.parse = parse;
    return (installed = { ok: true, reason: 'sip.js grammar tables built once; repeated values parsed once' });
  } catch (e) {
    return (installed = { ok: false, reason: (e as Error).message });
  }
}
