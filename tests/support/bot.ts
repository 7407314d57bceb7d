/** The server's bot settings for the sandbox's Bot Framework stand-in, as the bot tests run it. */
import { sandboxBot, SANDBOX_BOT_HOME_TENANT_ID } from '@throughline/sandbox';

/** Read when called: the global setup sets the stand-in's addresses before the tests start. */
export const sandboxBotConfig = (): Record<string, string> => ({
  BOT_APP_ID: sandboxBot.appId,
  BOT_APP_PASSWORD: sandboxBot.appPassword,
  BOT_TENANT_ID: SANDBOX_BOT_HOME_TENANT_ID,
  BOT_OPENID_METADATA_URL: process.env.TEST_BOT_OPENID_METADATA_URL ?? '',
  BOT_SERVICE_URL: process.env.TEST_BOT_SERVICE_URL ?? '',
});
