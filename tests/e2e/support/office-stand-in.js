/* global window, fetch, setTimeout */
/**
 * A test stand-in for Office.js in Outlook, served to the browser in place of Microsoft's
 * CDN script (https://appsforoffice.microsoft.com/lib/1/hosted/office.js) by Playwright's
 * request routing, so the production read.html and compose.html run unchanged. Never part
 * of a build: it lives in tests/ and only the browser tests serve it.
 *
 * It follows the shapes of @types/office-js and Microsoft's Outlook API documentation
 * (../shared/notes/microsoft-hosts.md §2): `Office.onReady` resolves with host "Outlook";
 * `Office.context.mailbox.item` is a message being read (itemId in the EWS form, subject,
 * from, dateTimeCreated, internetMessageId, conversationId) or being written (subject and
 * body as async objects); `convertToRestId` turns the EWS id into the REST form (URL-safe
 * base64, the relationship between the two forms); the async methods call back with an
 * AsyncResult `{ status, value, error }`. Sign-in: NestedAppAuth 1.1 is reported as not
 * supported, and `Office.auth.getAccessToken()` asks the sandbox identity provider for a
 * token for the configured demo person, so the pane's Office SSO path is what runs.
 *
 * The test prepends `window.__officeStandInConfig = {...}` with the mailbox item and the
 * person. What the pane did is recorded on `window.__officeStandIn` for assertions.
 */
(function installOfficeStandIn() {
  const config = window.__officeStandInConfig || {};
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
  const failed = (name, message, code) => ({
    status: 'failed',
    value: undefined,
    error: { name, message, code },
    asyncContext: undefined,
  });
  // Office's async methods take (data, options?, callback?) with the options optional.
  const callbackOf = (...args) => args.find((arg) => typeof arg === 'function');
  const later = (callback, result) => setTimeout(() => callback && callback(result), 0);

  const HostType = { Outlook: 'Outlook', Word: 'Word', Excel: 'Excel' };
  const CoercionType = { Html: 'html', Text: 'text' };
  const MailboxEnums = {
    RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' },
    ItemType: { Message: 'message', Appointment: 'appointment' },
  };

  function readItem(message) {
    return {
      itemType: 'message',
      itemId: message.itemId,
      subject: message.subject,
      from: {
        displayName: message.from.name,
        emailAddress: message.from.address,
        recipientType: 'externalUser',
      },
      sender: {
        displayName: message.from.name,
        emailAddress: message.from.address,
        recipientType: 'externalUser',
      },
      dateTimeCreated: new Date(message.receivedDateTime),
      dateTimeModified: new Date(message.receivedDateTime),
      internetMessageId: message.internetMessageId,
      conversationId: message.conversationId,
      normalizedSubject: message.subject.replace(/^(RE|FW):\s*/i, ''),
    };
  }

  function composeItem(compose) {
    return {
      itemType: 'message',
      conversationId: compose.conversationId || null,
      subject: {
        getAsync(...args) {
          later(callbackOf(...args), succeeded(compose.subject || ''));
        },
        setAsync(value, ...args) {
          compose.subject = value;
          later(callbackOf(...args), succeeded(undefined));
        },
      },
      body: {
        getTypeAsync(...args) {
          later(callbackOf(...args), succeeded(record.bodyType));
        },
        getAsync(coercionType, ...args) {
          later(
            callbackOf(...args),
            succeeded(coercionType === 'text' ? record.body.replace(/<[^>]+>/g, '') : record.body),
          );
        },
        setSelectedDataAsync(data, ...args) {
          const options = typeof args[0] === 'object' && args[0] ? args[0] : {};
          record.calls.push({
            method: 'body.setSelectedDataAsync',
            data,
            coercionType: options.coercionType,
          });
          if (config.compose.hasCursor === false)
            return later(
              callbackOf(...args),
              failed('InvalidSelection', 'The cursor is not in the body.', 9041),
            );
          // The cursor is where the person stopped typing: the end of what they wrote.
          record.body += data;
          later(callbackOf(...args), succeeded(undefined));
        },
        prependAsync(data, ...args) {
          const options = typeof args[0] === 'object' && args[0] ? args[0] : {};
          record.calls.push({
            method: 'body.prependAsync',
            data,
            coercionType: options.coercionType,
          });
          record.body = data + record.body;
          later(callbackOf(...args), succeeded(undefined));
        },
      },
    };
  }

  const item = config.message
    ? readItem(config.message)
    : config.compose
      ? composeItem(config.compose)
      : null;

  const Office = {
    HostType,
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    CoercionType,
    MailboxEnums,
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady(callback) {
      const info = { host: HostType.Outlook, platform: 'OfficeOnline' };
      return new Promise((resolve) => setTimeout(() => resolve(info), 0)).then((value) => {
        if (callback) callback(value);
        return value;
      });
    },
    context: {
      displayLanguage: config.displayLanguage || 'en-GB',
      contentLanguage: config.displayLanguage || 'en-GB',
      requirements: {
        isSetSupported(name, version) {
          record.calls.push({ method: 'requirements.isSetSupported', name, version });
          if (name === 'Mailbox') return !version || Number(version) <= 1.13;
          // Nested app authentication is off, so the pane falls back to Office SSO.
          return false;
        },
      },
      mailbox: {
        item,
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
      },
    },
    auth: {
      async getAccessToken(options) {
        record.calls.push({ method: 'auth.getAccessToken', options });
        record.tokenRequests += 1;
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
      },
    },
  };
  window.Office = Office;
})();
