/** Files ringdesk writes with the dispatcher's data: private modes whatever the umask, and the log writer. */
export { dataFileMode, openPrivate, prepareDatabaseFile } from './private-file.js';
export { openLog, logs, logLevels, type LogLine, type LogLevel, type LogOptions } from './log-file.js';
