/**
 * What the benches drive, from the console's own bundle (scripts/bundle.js builds this entry
 * beside the CLI): React's production build and Ink with the console's screen writer
 * (src/views/screen-output.ts), so a bench measures the code the console runs, not the
 * unbundled build. Not part of the CLI; nothing in src imports it.
 */
export { default as React } from 'react';
export { render } from 'ink';
export { Store } from './store/index.js';
export { seed, prng } from './demo/seed.js';
export { previewCall } from './desk/lookup.js';
export { DeskRunner } from './desk/runner.js';
export { defaults } from './config/config.js';
export { ReplayPhone } from './telephony/replay/replay-phone.js';
export { SipPhone } from './telephony/sip/sip-phone.js';
export { AfterFrame } from './telephony/after-frame.js';
export { App } from './views/App.js';
export { CallerCard } from './views/CallerCard.js';
export { VirtualStdin, VirtualStdout, stripAnsi } from './replay/virtual-terminal.js';
export { consoleRenderOptions } from './views/render-options.js';
export { drawDesk } from './views/draw-desk.js';
export { favourVoiceOverScreen, mediaWorkerCpuMicros } from './telephony/media/engine.js';
export { openRtpStream } from './telephony/media/rtp.js';
