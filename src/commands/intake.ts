/**
 * `ringdesk intake --listen HOST:PORT`: the chat intake as a service (src/chat/intake-server.ts):
 * the web widget (/widget.js and its WebSocket), WhatsApp's webhook, Telegram by long polling,
 * and the pump that sends the desk's answers. Secrets come from the environment only, never a
 * flag (a flag shows in `ps`): RINGDESK_TELEGRAM_TOKEN, RINGDESK_WHATSAPP_APP_SECRET,
 * RINGDESK_WHATSAPP_VERIFY_TOKEN, RINGDESK_WHATSAPP_TOKEN. Stops cleanly on SIGTERM/SIGINT.
 */
import type { CommandModule } from 'yargs';
import { configFrom, untilStopped, type GlobalArgs } from './common.js';
import { openStore } from './engine.js';
import { openLog } from '../files/log-file.js';
import { parseListen } from '../pos/status-server.js';

class IntakeCommandError extends Error {
  readonly userFacing = true;
}

type Args = GlobalArgs & Record<string, unknown>;

const fieldModes = ['off', 'optional', 'required'] as const;

export const intakeCommand: CommandModule<GlobalArgs, Args> = {
  command: 'intake',
  describe: 'take chats (the web widget, Telegram, WhatsApp) into the queue and send the desk\'s answers (a service)',
  builder: (y) => y
    .option('listen', { type: 'string', describe: 'serve /widget.js, the widget\'s WebSocket /chat and the WhatsApp webhook on HOST:PORT, e.g. 127.0.0.1:8788 (default: config "intake")' })
    .option('widget-title', { type: 'string', describe: 'the widget\'s title (default "Chat with us")' })
    .option('widget-greeting', { type: 'string', describe: 'the first line in the widget\'s panel' })
    .option('ask-name', { choices: fieldModes, describe: 'the pre-chat form\'s name field (default optional)' })
    .option('ask-phone', { choices: fieldModes, describe: 'the pre-chat form\'s phone field (default optional)' })
    .option('telegram-api', { type: 'string', describe: 'the Bot API root (default https://api.telegram.org); the token is RINGDESK_TELEGRAM_TOKEN' })
    .option('whatsapp-phone-id', { type: 'string', describe: 'the WhatsApp business phone number id answers are sent from (with RINGDESK_WHATSAPP_TOKEN)' })
    .option('whatsapp-api', { type: 'string', describe: 'the Graph API root (default https://graph.facebook.com/v21.0)' })
    .option('quiet', { type: 'boolean', describe: 'log only failures and refusals (the same as --log-level warn)' })
    .example('$0 intake --listen 127.0.0.1:8788', 'the web widget behind the site\'s TLS proxy: <script src="https://chat.example.cz/widget.js" async></script>')
    .example('RINGDESK_TELEGRAM_TOKEN=123:abc $0 intake --listen 127.0.0.1:8788', 'also the restaurant\'s Telegram bot, by long polling (no public address needed)')
    .epilogue('On a back-office box it runs as a systemd service: contrib/systemd/ringdesk-intake.service, docs/operations.md "Chats".'),
  handler: async (argv) => {
    const config = configFrom(argv);
    const where = argv.listen !== undefined ? String(argv.listen) : config.intake;
    if (!where) throw new IntakeCommandError('where to listen: --listen HOST:PORT, or config "intake" (e.g. "127.0.0.1:8788")');
    const listen = parseListen(where);
    if ('error' in listen) throw new IntakeCommandError(listen.error);
    const env = process.env;
    const waSecret = env.RINGDESK_WHATSAPP_APP_SECRET ?? '';
    const waVerify = env.RINGDESK_WHATSAPP_VERIFY_TOKEN ?? '';
    if (Boolean(waSecret) !== Boolean(waVerify)) {
      throw new IntakeCommandError('WhatsApp needs both RINGDESK_WHATSAPP_APP_SECRET (signs the webhook) and RINGDESK_WHATSAPP_VERIFY_TOKEN (the verify handshake)');
    }
    const store = openStore(config);
    const log = openLog(process.stdout, '', { level: argv.quiet ? 'warn' : config.logLevel });
    const { startIntake } = await import('../chat/intake-server.js');
    const { defaultOwner } = await import('../pos/relay.js');
    const owner = defaultOwner('intake');
    const telegramToken = env.RINGDESK_TELEGRAM_TOKEN ?? '';
    const telegram = telegramToken
      ? (await import('../chat/telegram.js')).startTelegram({
        store, token: telegramToken, log: (l, level) => log(`telegram: ${l}`, level),
        ...(argv.telegramApi ? { apiRoot: String(argv.telegramApi) } : {}),
      })
      : null;
    let server;
    try {
      server = await startIntake({
        store, host: listen.host, port: listen.port, owner, timezone: config.timezone, offlineMailTo: config.offlineMailTo, log,
        widget: {
          ...(argv.widgetTitle ? { title: String(argv.widgetTitle) } : {}), ...(argv.widgetGreeting ? { greeting: String(argv.widgetGreeting) } : {}),
          ...(argv.askName ? { name: argv.askName as typeof fieldModes[number] } : {}), ...(argv.askPhone ? { phone: argv.askPhone as typeof fieldModes[number] } : {}),
        },
        whatsapp: waSecret ? {
          appSecret: waSecret, verifyToken: waVerify, accessToken: env.RINGDESK_WHATSAPP_TOKEN || undefined,
          phoneNumberId: argv.whatsappPhoneId ? String(argv.whatsappPhoneId) : undefined, apiRoot: argv.whatsappApi ? String(argv.whatsappApi) : undefined,
        } : null,
        senders: telegram ? { telegram: telegram.sender } : {},
        telegram: telegram !== null, origins: config.widgetOrigins,
        limits: { messagesPerMinute: config.chatMessagesPerMinute, addressMessagesPerMinute: config.chatAddressMessagesPerMinute, connectsPerMinute: config.chatConnectsPerMinute },
      });
    } catch (e) {
      await telegram?.stop();
      store.close();
      throw new IntakeCommandError(`cannot listen on ${where}: ${(e as Error).message}`);
    }
    const channels = ['web widget', ...(telegram ? ['Telegram'] : []), ...(waSecret ? ['WhatsApp'] : [])];
    log(`intake ${owner} started on ${config.db}; ${channels.join(', ')}; widget at ${server.url}/widget.js${config.widgetOrigins.length ? ` for ${config.widgetOrigins.join(', ')}` : ' for any site (config widgetOrigins names none)'}`);
    await untilStopped(log, async () => {
      await telegram?.stop();
      await server.close();
      store.close();
      log('intake stopped');
    });
  },
};
