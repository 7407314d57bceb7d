/* global window, document, fetch, setTimeout, URL */
/**
 * Office.js for Outlook, as the sandbox serves it: the add-in's production read.html and
 * compose.html load it where the local suite's copy of the build names it, where production
 * names Microsoft's CDN (the only difference), so the pages run unchanged. It replaces office.js
 * rather than framing it (Microsoft's script blanks any framed page it does not recognise;
 * ../../../docs/workbench.md).
 *
 * It follows @types/office-js and Microsoft's Outlook documentation: `Office.onReady`
 * resolves with host "Outlook"; `Office.context.mailbox.item` is the message being read
 * (itemId in the EWS form, subject, from, dateTimeCreated, internetMessageId,
 * conversationId) or written (subject and body as async objects); `convertToRestId` turns
 * the EWS id into the REST form (URL-safe base64); async methods call back with an
 * AsyncResult `{ status, value, error }`; `mailbox.addHandlerAsync(ItemChanged)` calls the
 * handler after `mailbox.item` has become the newly selected message, as a pinned task
 * pane sees it.
 *
 * Two ways to be told what Outlook holds:
 * - framed by the workbench's Outlook (the script's own origin): the host frame sends the
 *   item and later selections over postMessage, holds the draft the compose pane writes
 *   into, and brokers tokens through nested app authentication (`window.nestedAppAuthBridge`,
 *   MSAL's NestedAppAuthRequest / NestedAppAuthResponse envelopes);
 * - given `window.__officeStandInConfig` before it runs (the browser tests set it with the
 *   mailbox item and the person): nested app authentication is reported as unsupported and
 *   `Office.auth.getAccessToken()` asks the sandbox identity provider for the person's
 *   token, so the pane's Office SSO path runs.
 * Otherwise, as office.js in a top-level browser window, `onReady` says there is no host.
 *
 * What the pane did is recorded on `window.__officeStandIn` for tests to read.
 */
(function installOfficeStandIn() {
  const CHANNEL = 'office-stand-in';
  const preset = window.__officeStandInConfig;
  const scriptUrl = document.currentScript && document.currentScript.src;
  const hostOrigin = scriptUrl ? new URL(scriptUrl).origin : null;
  const isFramedByHost = !preset && window.parent !== window && hostOrigin !== null;
  const config = preset || {};
  const record = {
    calls: [],
    tokenRequests: 0,
    body: config.compose ? config.compose.body || '' : '',
    bodyType: (config.compose && config.compose.bodyType) || 'html',
  };
  window.__officeStandIn = record;

  const succeeded = (value) => ({
    status: 'succeeded',
    value,
    error: null,
    asyncContext: undefined,
  });
  const failed = (error) => ({
    status: 'failed',
    value: undefined,
    error: { name: error.name, message: error.message, code: error.code },
    asyncContext: undefined,
  });
  // Office's async methods take (data, options?, callback?) with the options optional.
  const callbackOf = (...args) => args.find((arg) => typeof arg === 'function');
  const optionsOf = (...args) => (typeof args[0] === 'object' && args[0] ? args[0] : {});
  const later = (callback, result) => setTimeout(() => callback && callback(result), 0);
  const settle = (callback, promise) =>
    promise.then(
      (value) => later(callback, succeeded(value)),
      (error) => later(callback, failed(error)),
    );

  const HostType = { Outlook: 'Outlook', Word: 'Word', Excel: 'Excel' };
  const CoercionType = { Html: 'html', Text: 'text' };
  const EventType = { ItemChanged: 'olkItemSelectedChanged' };
  const MailboxEnums = {
    RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' },
    ItemType: { Message: 'message', Appointment: 'appointment' },
  };

  // --- talking to the workbench's Outlook (host mode) ---------------------------------
  let nextRequestId = 1;
  const pending = new Map();
  const naaListeners = new Set();
  let onContext = null;

  function postToHost(message) {
    window.parent.postMessage({ channel: CHANNEL, ...message }, hostOrigin);
  }

  function askHost(method, params) {
    const id = nextRequestId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      postToHost({ kind: 'request', id, method, params });
    });
  }

  if (isFramedByHost) {
    window.addEventListener('message', (event) => {
      if (event.source !== window.parent || event.origin !== hostOrigin) return;
      const message = event.data;
      if (!message || message.channel !== CHANNEL) return;
      if (message.kind === 'context' && onContext) onContext(message);
      else if (message.kind === 'item-changed') changeItem(message.item);
      else if (message.kind === 'response') {
        const waiting = pending.get(message.id);
        if (!waiting) return;
        pending.delete(message.id);
        if (message.ok) waiting.resolve(message.value);
        else waiting.reject(Object.assign(new Error(message.error.message), message.error));
      } else if (message.kind === 'naa') {
        for (const listener of naaListeners) listener(message.data);
      }
    });
  }

  // --- the mailbox item ---------------------------------------------------------------
  function readItem(message) {
    const from = {
      displayName: message.from.name,
      emailAddress: message.from.address,
      recipientType: 'externalUser',
    };
    return {
      itemType: 'message',
      itemId: message.itemId,
      subject: message.subject,
      from,
      sender: from,
      dateTimeCreated: new Date(message.receivedDateTime),
      dateTimeModified: new Date(message.receivedDateTime),
      internetMessageId: message.internetMessageId,
      conversationId: message.conversationId,
      normalizedSubject: message.subject.replace(/^(RE|FW):\s*/i, ''),
    };
  }

  /** A message being written: in host mode its draft lives in the workbench's compose window. */
  function composeItem(compose) {
    const bodyOperation = (method, local) =>
      isFramedByHost ? (params) => askHost(method, params) : local;
    const getType = bodyOperation('body.getType', async () => record.bodyType);
    const getBody = bodyOperation('body.get', async ({ coercionType }) =>
      coercionType === 'text' ? record.body.replace(/<[^>]+>/g, '') : record.body,
    );
    const setSelected = bodyOperation('body.setSelectedData', async ({ data }) => {
      if (compose.hasCursor === false)
        throw Object.assign(new Error('The cursor is not in the body.'), {
          name: 'InvalidSelection',
          code: 9041,
        });
      // The cursor is where the person stopped typing: the end of what they wrote.
      record.body += data;
    });
    const prepend = bodyOperation('body.prepend', async ({ data }) => {
      record.body = data + record.body;
    });
    const getSubject = bodyOperation('subject.get', async () => compose.subject || '');
    const setSubject = bodyOperation('subject.set', async ({ value }) => {
      compose.subject = value;
    });
    return {
      itemType: 'message',
      conversationId: compose.conversationId || null,
      subject: {
        getAsync(...args) {
          settle(callbackOf(...args), getSubject({}));
        },
        setAsync(value, ...args) {
          settle(callbackOf(...args), setSubject({ value }));
        },
      },
      body: {
        getTypeAsync(...args) {
          settle(callbackOf(...args), getType({}));
        },
        getAsync(coercionType, ...args) {
          settle(callbackOf(...args), getBody({ coercionType }));
        },
        setSelectedDataAsync(data, ...args) {
          const { coercionType } = optionsOf(...args);
          record.calls.push({ method: 'body.setSelectedDataAsync', data, coercionType });
          settle(callbackOf(...args), setSelected({ data, coercionType }));
        },
        prependAsync(data, ...args) {
          const { coercionType } = optionsOf(...args);
          record.calls.push({ method: 'body.prependAsync', data, coercionType });
          settle(callbackOf(...args), prepend({ data, coercionType }));
        },
      },
    };
  }

  function itemOf(description) {
    if (!description) return null;
    if (description.message) return readItem(description.message);
    if (description.compose) return composeItem(description.compose);
    return null;
  }

  const itemChangedHandlers = new Set();

  function changeItem(description) {
    mailbox.item = itemOf(description);
    record.calls.push({ method: 'ItemChanged', itemId: mailbox.item && mailbox.item.itemId });
    for (const handler of itemChangedHandlers) handler({ type: EventType.ItemChanged });
  }

  // --- sign-in --------------------------------------------------------------------------
  let isNestedAppAuthSupported = false;

  async function presetToken() {
    if (!config.person)
      throw Object.assign(new Error('The user is not signed in to Office.'), { code: 13001 });
    const response = await fetch(`${config.identityUrl}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: config.person.tenantId, userId: config.person.id }),
    });
    if (!response.ok)
      throw Object.assign(new Error(`The identity provider answered ${response.status}.`), {
        code: 13006,
      });
    return (await response.json()).access_token;
  }

  if (isFramedByHost) {
    // What Office.js sets up for MSAL's nestable client: a bridge whose messages the host answers.
    window.nestedAppAuthBridge = {
      postMessage(data) {
        record.calls.push({ method: 'nestedAppAuthBridge.postMessage', request: JSON.parse(data) });
        postToHost({ kind: 'naa', data });
      },
      addEventListener(eventName, listener) {
        if (eventName === 'message') naaListeners.add(listener);
      },
      removeEventListener(eventName, listener) {
        if (eventName === 'message') naaListeners.delete(listener);
      },
    };
  }

  // --- Office ---------------------------------------------------------------------------
  const mailbox = {
    item: itemOf(config),
    userProfile: {
      displayName: config.person && config.person.displayName,
      emailAddress: config.person && config.person.mail,
      timeZone: 'UTC',
    },
    convertToRestId(itemId, restVersion) {
      record.calls.push({ method: 'mailbox.convertToRestId', itemId, restVersion });
      if (
        restVersion !== MailboxEnums.RestVersion.v2_0 &&
        restVersion !== MailboxEnums.RestVersion.Beta
      )
        throw new Error('Only REST v2.0 ids are supported here.');
      return itemId.replace(/\+/g, '-').replace(/\//g, '_');
    },
    convertToEwsId(restId) {
      return restId.replace(/-/g, '+').replace(/_/g, '/');
    },
    addHandlerAsync(eventType, handler, ...args) {
      record.calls.push({ method: 'mailbox.addHandlerAsync', eventType });
      const callback = callbackOf(...args);
      if (eventType !== EventType.ItemChanged)
        return later(
          callback,
          failed({
            name: 'InvalidEventType',
            message: 'The event type is not supported.',
            code: 5010,
          }),
        );
      itemChangedHandlers.add(handler);
      later(callback, succeeded(undefined));
    },
    removeHandlerAsync(eventType, ...args) {
      if (eventType === EventType.ItemChanged) itemChangedHandlers.clear();
      later(callbackOf(...args), succeeded(undefined));
    },
  };

  const context = {
    displayLanguage: config.displayLanguage || 'en-GB',
    contentLanguage: config.displayLanguage || 'en-GB',
    requirements: {
      isSetSupported(name, version) {
        record.calls.push({ method: 'requirements.isSetSupported', name, version });
        if (name === 'Mailbox') return !version || Number(version) <= 1.13;
        if (name === 'NestedAppAuth') return isNestedAppAuthSupported && Number(version) <= 1.1;
        return false;
      },
    },
    mailbox,
  };

  const ready = isFramedByHost
    ? new Promise((resolve) => {
        onContext = (message) => {
          onContext = null;
          context.displayLanguage = message.displayLanguage || context.displayLanguage;
          context.contentLanguage = context.displayLanguage;
          if (message.officeTheme) context.officeTheme = message.officeTheme;
          mailbox.userProfile.displayName = message.person.displayName;
          mailbox.userProfile.emailAddress = message.person.mail;
          mailbox.item = itemOf(message.item);
          isNestedAppAuthSupported = message.isNestedAppAuthSupported === true;
          resolve({ host: HostType.Outlook, platform: 'OfficeOnline' });
        };
        postToHost({ kind: 'hello' });
      })
    : Promise.resolve(
        preset
          ? { host: HostType.Outlook, platform: 'OfficeOnline' }
          : { host: null, platform: null },
      );

  window.Office = {
    HostType,
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    CoercionType,
    EventType,
    MailboxEnums,
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady(callback) {
      return ready.then((info) => {
        if (callback) callback(info);
        return info;
      });
    },
    context,
    auth: {
      async getAccessToken(options) {
        record.calls.push({ method: 'auth.getAccessToken', options });
        record.tokenRequests += 1;
        return isFramedByHost ? askHost('auth.getAccessToken', {}) : presetToken();
      },
    },
  };
})();
