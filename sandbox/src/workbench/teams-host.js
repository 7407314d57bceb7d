/* global window */
/**
 * The host side of teams-js' postMessage protocol, as the Teams web client speaks it to a
 * tab in a frame (shapes read from teams-js 2.x: internal/communication.ts and
 * public/app, authentication, pages.config; ../../../docs/workbench.md). One
 * implementation, used by the workbench's Teams and by the browser tests' Teams stand-in
 * (tests/e2e/support/teams-host.ts), so both speak to the tab exactly alike.
 *
 * `window.throughlineTeamsHost.connect(frame, options)` answers the frame's messages:
 * `initialize` (frame context, host client type, runtime config), `getContext` (the
 * legacy context teams-js maps to app.Context), `authentication.getAuthToken` (through
 * `options.getToken`), and the configuration page's `settings.setValidityState`,
 * `settings.setSettings`, `settings.getSettings` and `settings.save.success|failure`.
 * Everything the tab sends is recorded in order. The returned host sends Teams' events to
 * the tab: `themeChange` and, when the person presses Save on a settings page,
 * `settings.save`.
 */
(function defineTeamsHost() {
  /** What this host supports, in the runtime shape teams-js checks before each capability. */
  const RUNTIME = {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    supports: {
      app: {},
      appEntity: {},
      authentication: {},
      pages: { config: {}, tabs: {}, appButton: {}, backStack: {}, currentApp: {} },
      teamsCore: {},
    },
  };
  const CLIENT_SDK_VERSION = '2.58.0';

  /**
   * options: { tabOrigin, context (legacy context: locale, theme, entityId, subEntityId,
   * userObjectId, tid, loginHint, frameContext, teamName, channelName, chatId, meetingId…),
   * getToken(): Promise<string>, onValidity(isValid), onSettings(settings),
   * onSaveOutcome({ ok, reason }), onMessage(message) }
   */
  function connect(frame, options) {
    const context = Object.assign(
      {
        locale: 'en-GB',
        theme: 'default',
        entityId: '',
        subEntityId: '',
        frameContext: 'content',
        hostClientType: 'web',
        hostName: 'Teams',
        appSessionId: 'workbench-session',
      },
      options.context,
    );
    let settings = null;
    const messages = [];
    const send = (message) => frame.contentWindow?.postMessage(message, options.tabOrigin);
    const notify = (name, value) => {
      const callback = options[name];
      if (typeof callback === 'function') callback(value);
    };

    async function answer(message) {
      const reply = (args) => send({ id: message.id, uuidAsString: message.uuidAsString, args });
      switch (message.func) {
        case 'initialize':
          reply([context.frameContext, 'web', CLIENT_SDK_VERSION, JSON.stringify(RUNTIME)]);
          break;
        case 'getContext':
          reply([context]);
          break;
        case 'authentication.getAuthToken':
          try {
            reply([true, await options.getToken()]);
          } catch (error) {
            reply([false, String(error && error.message ? error.message : error)]);
          }
          break;
        case 'settings.setValidityState':
          notify('onValidity', Boolean(message.args && message.args[0]));
          break;
        case 'settings.setSettings':
          settings = (message.args && message.args[0]) || null;
          notify('onSettings', settings);
          reply([true]);
          break;
        case 'settings.getSettings':
          reply([settings]);
          break;
        case 'settings.save.success':
          notify('onSaveOutcome', { ok: true, settings });
          break;
        case 'settings.save.failure':
          notify('onSaveOutcome', { ok: false, reason: message.args && message.args[0] });
          break;
        default:
          // registerHandler and the like need no answer.
          break;
      }
    }

    function onMessage(event) {
      if (event.source !== frame.contentWindow || event.origin !== options.tabOrigin) return;
      const message = event.data;
      if (!message || typeof message.func !== 'string') return;
      const recorded = { func: message.func, args: message.args || [] };
      messages.push(recorded);
      notify('onMessage', recorded);
      void answer(message);
    }
    window.addEventListener('message', onMessage);

    return {
      messages: () => messages.slice(),
      /** Teams' theme names: default, dark, contrast. */
      setTheme(theme) {
        context.theme = theme;
        send({ func: 'themeChange', args: [theme] });
      },
      /** What Teams does when the person presses Save on a configurable tab's settings page. */
      pressSave() {
        send({ func: 'settings.save', args: [{}] });
      },
      disconnect() {
        window.removeEventListener('message', onMessage);
      },
    };
  }

  window.throughlineTeamsHost = { connect };
})();
