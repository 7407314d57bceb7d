/**
 * The one place that talks to Office.js. Components ask this adapter for the open message,
 * for a place to insert text and for Office's sign-in; tests hand them a host of their own.
 *
 * Office.js comes from Microsoft's CDN through a plain script tag in read.html and
 * compose.html, so it is a global here, never an import. Finding out that there is no
 * Office must be quick: in a top-level window `Office.onReady` resolves at once with
 * `host: null`; when the script could not load at all (offline, blocked) there is no
 * `Office` global; and in a frame whose parent never answers we stop waiting after a few
 * seconds. Each of these is a plain browser, where the panes use the development sign-in.
 */

export type HostTheme = 'light' | 'dark';

/** The message open in the reading pane, as Outlook describes it. */
export interface OpenMessage {
  /** Outlook's item id (the EWS form). */
  itemId: string;
  /** The same id in the form Microsoft Graph takes (`convertToRestId`, REST v2.0). */
  restId: string;
  subject: string;
  from: { name: string; address: string } | null;
  /** When the item was created (received), ISO 8601. */
  receivedAt: string | null;
  /** The RFC 5322 Message-ID; missing on a message that was only just sent. */
  internetMessageId: string | null;
  conversationId: string | null;
}

export interface OfficeSignIn {
  /** Whether Outlook can broker tokens for MSAL (nested app authentication, NestedAppAuth 1.1). */
  isNestedAppAuthSupported: boolean;
  /** Office's own single sign-on: a token for the API named in the manifest's webApplicationInfo. */
  getAccessToken(): Promise<string>;
}

export interface OfficeHost {
  kind: 'outlook' | 'browser';
  locale: string;
  theme: HostTheme;
  /** Which Outlook surface opened the pane; null in a plain browser. */
  itemMode: 'read' | 'compose' | null;
  /** The message being read (read mode only); after an item change, the newly selected one. */
  readMessage(): OpenMessage | null;
  /**
   * Calls back when the person selects another message while the pane stays open (a pinned
   * pane, Office's ItemChanged event). Returns the unsubscribe function.
   */
  onItemChanged(listener: () => void): () => void;
  /**
   * Puts HTML at the cursor of the message being written, or at the top when there is no
   * cursor; a plain-text message gets the text instead. Resolves with where it went.
   */
  insertIntoBody(content: { html: string; text: string }): Promise<'cursor' | 'top'>;
  signIn: OfficeSignIn | null;
}

export interface ConnectOptions {
  window?: Window;
  /** How long a framed page waits for Office to say who hosts it. */
  timeoutMs?: number;
}

type OfficeGlobal = typeof Office;

export async function connectToOffice(options: ConnectOptions = {}): Promise<OfficeHost> {
  const win = options.window ?? window;
  const office = (win as unknown as { Office?: OfficeGlobal }).Office;
  if (!office || typeof office.onReady !== 'function') return createBrowserHost(win);
  const isFramed = win.parent !== win || Boolean(win.opener);
  const timeoutMs = options.timeoutMs ?? (isFramed ? 10_000 : 2_000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const info = await Promise.race([office.onReady(), timedOut]);
    const mailbox = office.context?.mailbox;
    if (!info || !info.host || !mailbox?.item) return createBrowserHost(win);
    return createOutlookHost(office);
  } catch {
    return createBrowserHost(win);
  } finally {
    clearTimeout(timer);
  }
}

function createOutlookHost(office: OfficeGlobal): OfficeHost {
  const mailbox = office.context.mailbox;
  // Outlook replaces `mailbox.item` when a pinned pane's person selects another message.
  const currentItem = () => mailbox.item as (Office.MessageRead & Office.MessageCompose) | null;
  const item = currentItem()!;
  // In compose mode `subject` is an object with getAsync; in read mode it is the text.
  const itemMode = typeof (item as { subject: unknown }).subject === 'string' ? 'read' : 'compose';
  const requirements = office.context.requirements;
  const itemChangedListeners = new Set<() => void>();
  let isListeningForItemChanges = false;
  return {
    kind: 'outlook',
    locale: office.context.displayLanguage || 'en-US',
    theme: themeOf(office.context.officeTheme),
    itemMode,
    onItemChanged(listener) {
      itemChangedListeners.add(listener);
      // ItemChanged is Mailbox 1.5; an Outlook without it closes the pane instead.
      if (!isListeningForItemChanges && typeof mailbox.addHandlerAsync === 'function') {
        isListeningForItemChanges = true;
        mailbox.addHandlerAsync(office.EventType.ItemChanged, () => {
          for (const notify of itemChangedListeners) notify();
        });
      }
      return () => itemChangedListeners.delete(listener);
    },
    readMessage() {
      const selected = currentItem();
      if (itemMode !== 'read' || !selected?.itemId) return null;
      const from = (selected as Office.MessageRead).from;
      return {
        itemId: selected.itemId,
        restId: mailbox.convertToRestId(selected.itemId, office.MailboxEnums.RestVersion.v2_0),
        subject: (selected as Office.MessageRead).subject ?? '',
        from: from
          ? { name: from.displayName || from.emailAddress, address: from.emailAddress }
          : null,
        receivedAt: toIso(selected.dateTimeCreated),
        internetMessageId: (selected as Office.MessageRead).internetMessageId || null,
        conversationId: selected.conversationId || null,
      };
    },
    async insertIntoBody({ html, text }) {
      const body = (item as Office.MessageCompose).body;
      const bodyType = await asPromise<Office.CoercionType>((done) =>
        body.getTypeAsync(done),
      ).catch(() => office.CoercionType.Html);
      const isHtml = String(bodyType).toLowerCase() === 'html';
      const data = isHtml ? html : text;
      const coercionType = isHtml ? office.CoercionType.Html : office.CoercionType.Text;
      try {
        await asPromise<void>((done) => body.setSelectedDataAsync(data, { coercionType }, done));
        return 'cursor';
      } catch {
        // No cursor in the body (the focus is in the subject or recipients): put it on top.
        await asPromise<void>((done) => body.prependAsync(data, { coercionType }, done));
        return 'top';
      }
    },
    signIn: {
      isNestedAppAuthSupported: Boolean(requirements?.isSetSupported('NestedAppAuth', '1.1')),
      getAccessToken: () =>
        office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true }),
    },
  };
}

export function createBrowserHost(win: Window = window): OfficeHost {
  const prefersDark =
    typeof win.matchMedia === 'function' && win.matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    kind: 'browser',
    locale: win.navigator.language || 'en-US',
    theme: prefersDark ? 'dark' : 'light',
    itemMode: null,
    readMessage: () => null,
    onItemChanged: () => () => undefined,
    insertIntoBody: () =>
      Promise.reject(new Error('There is no message to insert into outside Outlook.')),
    signIn: null,
  };
}

/** Office's theme colours, where Outlook supplies them (Mailbox 1.14), decide light or dark. */
export function themeOf(theme: Partial<Office.OfficeTheme> | undefined): HostTheme {
  const hex = /^#?([0-9a-f]{6})$/i.exec(theme?.bodyBackgroundColor ?? '')?.[1];
  if (!hex) return 'light';
  const [r, g, b] = [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
  const luminance = (0.299 * r! + 0.587 * g! + 0.114 * b!) / 255;
  return luminance < 0.5 ? 'dark' : 'light';
}

function toIso(value: Date | string | undefined): string | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Office's callback style, as a promise that rejects with Office's error message. */
function asPromise<T>(start: (done: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((result) => {
      if (String(result.status) === 'succeeded') resolve(result.value);
      else reject(new Error(result.error?.message || 'Outlook could not do that.'));
    });
  });
}
