// Stands in for the `is-in-ci` package inside the bundle (see scripts/bundle.js).
// Ink asks it whether to draw only the last frame, as a CI log wants. A console whose
// output is a terminal is being watched by a person (or by tmux in our own CI), so it
// draws every frame there even when CI is set; piped output keeps Ink's CI behaviour.
import { env, stdout } from 'node:process';

const check = (key) => key in env && env[key] !== '0' && env[key] !== 'false';

export default (check('CI') || check('CONTINUOUS_INTEGRATION')) && stdout.isTTY !== true;
