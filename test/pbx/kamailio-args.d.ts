/** Types of kamailio-args.js (plain JavaScript: `npm run pbx` runs it without a build). */
export declare const KAMAILIO_CFG: string;

export interface KamailioArgsOptions {
  /** Run directory (pid file, ctl socket; with `presence`, the db_text tables in <dir>/db). */
  dir: string;
  udpPort: number;
  wsPort: number;
  /** Worker processes per listener; 1 keeps 180 before 200 for timing. */
  children?: number;
  /** Where calls to unregistered numbers go, e.g. "sip:127.0.0.1:15071". */
  gateway?: string;
  /** The RFC 4235 dialog event package (WITH_PRESENCE in kamailio.cfg; Debian's kamailio-presence-modules). */
  presence?: boolean;
}

/** The one Kamailio command line for the test PBX. */
export declare function kamailioArgs(o: KamailioArgsOptions, foreground?: 'DD' | 'D'): string[];
