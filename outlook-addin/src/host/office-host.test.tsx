import { connectToOffice, themeOf } from './office-host';

type Callback<T> = (result: { status: string; value: T; error?: { message: string } }) => void;

/** Just enough of Office.js for the adapter, shaped like @types/office-js. */
function fakeOffice(options: {
  mode: 'read' | 'compose';
  host?: string | null;
  bodyType?: 'html' | 'text';
  hasCursor?: boolean;
  nestedAppAuth?: boolean;
}) {
  const inserted: Array<{ how: string; data: string; coercionType: string }> = [];
  const readItem = {
    itemId: 'AAMkAG+abc/def=',
    subject: 'Signed order: Northwind Traders, 240 seats',
    from: {
      displayName: 'Northwind Traders Procurement',
      emailAddress: 'procurement@northwind.example',
    },
    dateTimeCreated: new Date('2026-11-16T09:15:00.000Z'),
    internetMessageId: '<ABC@northwind.prod.example>',
    conversationId: 'AAQkAG-conv=',
  };
  const composeItem = {
    subject: { getAsync: () => undefined },
    conversationId: 'AAQkAG-conv=',
    body: {
      getTypeAsync: (done: Callback<string>) =>
        done({ status: 'succeeded', value: options.bodyType ?? 'html' }),
      setSelectedDataAsync: (
        data: string,
        opts: { coercionType: string },
        done: Callback<void>,
      ) => {
        if (options.hasCursor === false)
          return done({ status: 'failed', value: undefined, error: { message: 'No selection.' } });
        inserted.push({ how: 'cursor', data, coercionType: opts.coercionType });
        done({ status: 'succeeded', value: undefined });
      },
      prependAsync: (data: string, opts: { coercionType: string }, done: Callback<void>) => {
        inserted.push({ how: 'top', data, coercionType: opts.coercionType });
        done({ status: 'succeeded', value: undefined });
      },
    },
  };
  const office = {
    onReady: async () => ({
      host: options.host === undefined ? 'Outlook' : options.host,
      platform: options.host === null ? null : 'OfficeOnline',
    }),
    CoercionType: { Html: 'html', Text: 'text' },
    MailboxEnums: { RestVersion: { v2_0: 'v2.0' } },
    auth: { getAccessToken: jest.fn(async () => 'office-sso-token') },
    context: {
      displayLanguage: 'en-GB',
      officeTheme: { bodyBackgroundColor: '#1f1f1f' },
      requirements: {
        isSetSupported: (name: string) =>
          name === 'NestedAppAuth' && options.nestedAppAuth === true,
      },
      mailbox: {
        item: options.mode === 'read' ? readItem : composeItem,
        convertToRestId: (id: string, version: string) =>
          version === 'v2.0' ? id.replace(/\+/g, '-').replace(/\//g, '_') : 'wrong-version',
      },
    },
  };
  return { office, inserted };
}

const windowWith = (office: unknown) =>
  Object.assign(Object.create(window) as Window, {
    Office: office,
    parent: undefined,
    opener: null,
  });

describe('connectToOffice', () => {
  it('reads the open message with its Graph (REST) id', async () => {
    const { office } = fakeOffice({ mode: 'read' });
    const host = await connectToOffice({ window: windowWith(office) });
    expect(host.kind).toBe('outlook');
    expect(host.itemMode).toBe('read');
    expect(host.locale).toBe('en-GB');
    expect(host.theme).toBe('dark');
    expect(host.readMessage()).toEqual({
      itemId: 'AAMkAG+abc/def=',
      restId: 'AAMkAG-abc_def=',
      subject: 'Signed order: Northwind Traders, 240 seats',
      from: { name: 'Northwind Traders Procurement', address: 'procurement@northwind.example' },
      receivedAt: '2026-11-16T09:15:00.000Z',
      internetMessageId: '<ABC@northwind.prod.example>',
      conversationId: 'AAQkAG-conv=',
    });
  });

  it('follows the selection of a pinned pane: ItemChanged, then the newly selected message', async () => {
    const { office } = fakeOffice({ mode: 'read' });
    const handlers: Array<() => void> = [];
    const mailbox = office.context.mailbox as typeof office.context.mailbox & {
      addHandlerAsync: (eventType: string, handler: () => void) => void;
    };
    mailbox.addHandlerAsync = (eventType, handler) => {
      if (eventType === 'olkItemSelectedChanged') handlers.push(handler);
    };
    Object.assign(office, { EventType: { ItemChanged: 'olkItemSelectedChanged' } });
    const host = await connectToOffice({ window: windowWith(office) });
    const seen: Array<string | undefined> = [];
    const stop = host.onItemChanged(() => seen.push(host.readMessage()?.subject));
    mailbox.item = {
      ...(mailbox.item as object),
      itemId: 'AAMkAG+other=',
      subject: 'Launch confirmed',
    } as typeof mailbox.item;
    handlers.forEach((handler) => handler());
    expect(seen).toEqual(['Launch confirmed']);
    expect(host.readMessage()?.restId).toBe('AAMkAG-other=');
    stop();
    handlers.forEach((handler) => handler());
    expect(seen).toEqual(['Launch confirmed']);
  });

  it('inserts HTML at the cursor of a message being written, or on top when there is no cursor', async () => {
    const withCursor = fakeOffice({ mode: 'compose' });
    const host = await connectToOffice({ window: windowWith(withCursor.office) });
    expect(host.itemMode).toBe('compose');
    expect(host.readMessage()).toBeNull();
    await expect(host.insertIntoBody({ html: '<p>Status</p>', text: 'Status' })).resolves.toBe(
      'cursor',
    );
    expect(withCursor.inserted).toEqual([
      { how: 'cursor', data: '<p>Status</p>', coercionType: 'html' },
    ]);

    const noCursor = fakeOffice({ mode: 'compose', hasCursor: false });
    const otherHost = await connectToOffice({ window: windowWith(noCursor.office) });
    await expect(otherHost.insertIntoBody({ html: '<p>Status</p>', text: 'Status' })).resolves.toBe(
      'top',
    );
    expect(noCursor.inserted).toEqual([
      { how: 'top', data: '<p>Status</p>', coercionType: 'html' },
    ]);
  });

  it('inserts plain text into a plain-text message', async () => {
    const { office, inserted } = fakeOffice({ mode: 'compose', bodyType: 'text' });
    const host = await connectToOffice({ window: windowWith(office) });
    await host.insertIntoBody({ html: '<p>Status</p>', text: 'Status' });
    expect(inserted).toEqual([{ how: 'cursor', data: 'Status', coercionType: 'text' }]);
  });

  it('reports whether Outlook supports nested app authentication and exposes Office SSO', async () => {
    const { office } = fakeOffice({ mode: 'read', nestedAppAuth: true });
    const host = await connectToOffice({ window: windowWith(office) });
    expect(host.signIn?.isNestedAppAuthSupported).toBe(true);
    await expect(host.signIn?.getAccessToken()).resolves.toBe('office-sso-token');
    expect(office.auth.getAccessToken).toHaveBeenCalledWith({
      allowSignInPrompt: true,
      allowConsentPrompt: true,
    });
  });

  it('is a plain browser when Office.js did not load, or says there is no Office host', async () => {
    expect((await connectToOffice({ window: windowWith(undefined) })).kind).toBe('browser');
    const { office } = fakeOffice({ mode: 'read', host: null });
    const host = await connectToOffice({ window: windowWith(office) });
    expect(host.kind).toBe('browser');
    expect(host.signIn).toBeNull();
    await expect(host.insertIntoBody({ html: '', text: '' })).rejects.toThrow(/outside Outlook/);
  });

  it('stops waiting for an Office host that never answers', async () => {
    const { office } = fakeOffice({ mode: 'read' });
    office.onReady = () => new Promise(() => undefined);
    const started = Date.now();
    const host = await connectToOffice({ window: windowWith(office), timeoutMs: 50 });
    expect(host.kind).toBe('browser');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('themeOf', () => {
  it('is dark for a dark body background and light otherwise', () => {
    expect(themeOf({ bodyBackgroundColor: '#292929' })).toBe('dark');
    expect(themeOf({ bodyBackgroundColor: '#FFFFFF' })).toBe('light');
    expect(themeOf(undefined)).toBe('light');
  });
});
