/* global window, document, fetch, DOMParser, URL */
/**
 * The workbench's Outlook in the browser: folders, message list and reading pane over the
 * person's sandbox mailbox, and the host side of the Office.js stand-in for the add-in
 * panes framed beside it (office-stand-in.js holds the other side). Like Outlook it tells
 * a pinned read pane about each new selection (ItemChanged), keeps the draft the compose
 * pane writes into, and brokers the panes' tokens through nested app authentication.
 *
 * Messages from a pane are taken only from that frame's window at the server's origin.
 */
(function startOutlook() {
  const CHANNEL = 'office-stand-in';
  const data = document.body.dataset;
  const person = {
    tenantId: data.tenantId,
    id: data.personId,
    displayName: data.personName,
    mail: data.personMail,
  };
  const serverOrigin = data.serverUrl ? new URL(data.serverUrl).origin : null;
  const $ = (id) => document.getElementById(id);

  let folders = [];
  let currentFolder = null;
  let selected = null;
  /** Panes that said hello, by frame id: they receive item changes. */
  const connected = new Set();

  // --- the mailbox ------------------------------------------------------------------------
  const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const formatDate = (iso) => dateFormat.format(new Date(iso));
  const nameOf = (recipient) =>
    recipient.emailAddress.name
      ? `${recipient.emailAddress.name} <${recipient.emailAddress.address}>`
      : recipient.emailAddress.address;

  function element(tag, properties, children) {
    const node = document.createElement(tag);
    Object.assign(node, properties || {});
    for (const child of children || []) node.append(child);
    return node;
  }

  function renderFolders() {
    $('folder-list').replaceChildren(
      ...folders.map((folder) => {
        const unread = folder.messages.filter((message) => !message.graph.isRead).length;
        const button = element('button', { type: 'button', className: 'folder' }, [
          folder.displayName,
          unread > 0 ? element('span', { className: 'count' }, [` ${unread}`]) : '',
        ]);
        if (unread > 0)
          button.setAttribute('aria-label', `${folder.displayName}, ${unread} unread`);
        if (folder === currentFolder) button.setAttribute('aria-current', 'true');
        button.addEventListener('click', () => openFolder(folder));
        return element('li', {}, [button]);
      }),
    );
  }

  function renderMessageList() {
    $('message-list-heading').textContent = currentFolder.displayName;
    $('mailbox-status').textContent =
      currentFolder.messages.length === 0
        ? 'No messages in this folder.'
        : `${currentFolder.messages.length} messages`;
    $('message-list').replaceChildren(
      ...currentFolder.messages.map((message) => {
        const graph = message.graph;
        const who =
          currentFolder.displayName === 'Sent Items'
            ? `To ${graph.toRecipients.map((recipient) => recipient.emailAddress.name).join(', ')}`
            : graph.from.emailAddress.name;
        const button = element('button', { type: 'button', className: 'message' }, [
          element('span', { className: 'message-from' }, [who]),
          element('span', { className: 'message-subject' }, [graph.subject]),
          element('span', { className: 'message-date' }, [formatDate(graph.receivedDateTime)]),
        ]);
        if (!graph.isRead) button.classList.add('unread');
        if (message === selected) button.setAttribute('aria-current', 'true');
        button.addEventListener('click', () => selectMessage(message));
        return element('li', {}, [button]);
      }),
    );
  }

  function renderReadingPane() {
    const graph = selected && selected.graph;
    $('reading-subject').textContent = graph ? graph.subject : 'No message selected';
    const facts = graph
      ? [
          ['From', nameOf(graph.from)],
          ['To', graph.toRecipients.map(nameOf).join('; ')],
          ...(graph.ccRecipients.length > 0
            ? [['Cc', graph.ccRecipients.map(nameOf).join('; ')]]
            : []),
          ['Received', formatDate(graph.receivedDateTime)],
        ]
      : [];
    $('reading-facts').replaceChildren(
      ...facts.flatMap(([term, value]) => [element('dt', {}, [term]), element('dd', {}, [value])]),
    );
    // The body is the sender's HTML: shown in a sandboxed frame that runs nothing.
    $('reading-body').srcdoc = graph ? graph.body.content : '';
    $('reading-graph').textContent = graph ? JSON.stringify(graph, null, 2) : '';
  }

  function openFolder(folder) {
    currentFolder = folder;
    renderFolders();
    if (folder.messages[0]) selectMessage(folder.messages[0]);
    else renderMessageList();
  }

  function selectMessage(message) {
    selected = message;
    message.graph.isRead = true;
    renderFolders();
    renderMessageList();
    renderReadingPane();
    const readPane = $('read-pane');
    if (!serverOrigin) return;
    if (!readPane.getAttribute('src')) readPane.src = `${data.addinUrl}read.html`;
    else if (connected.has('read-pane'))
      post(readPane, { kind: 'item-changed', item: { message: message.officeItem } });
  }

  async function loadMailbox() {
    const query = `tenant=${encodeURIComponent(person.tenantId)}&person=${encodeURIComponent(person.id)}`;
    const response = await fetch(`/workbench/api/mailbox?${query}`);
    if (!response.ok) {
      $('mailbox-status').textContent = `Could not load the mailbox (${response.status}).`;
      return;
    }
    folders = (await response.json()).folders;
    openFolder(folders[0]);
  }

  // --- a new message ----------------------------------------------------------------------
  const draftBody = $('draft-body');
  let draftSelection = null;

  document.addEventListener('selectionchange', () => {
    const selection = document.getSelection();
    if (selection && selection.rangeCount > 0 && draftBody.contains(selection.anchorNode))
      draftSelection = selection.getRangeAt(0).cloneRange();
  });

  function openCompose() {
    $('mail-view').hidden = true;
    $('compose-view').hidden = false;
    $('draft-to').value = '';
    $('draft-subject').value = '';
    draftBody.replaceChildren();
    draftSelection = null;
    const composePane = $('compose-pane');
    connected.delete('compose-pane');
    // Outlook opens a fresh pane for every message being written.
    composePane.src = serverOrigin ? `${data.addinUrl}compose.html` : 'about:blank';
    $('draft-to').focus();
  }

  function closeCompose() {
    $('compose-view').hidden = true;
    $('mail-view').hidden = false;
    $('compose-pane').removeAttribute('src');
    $('new-message').focus();
  }

  /** HTML from the pane, without anything that could run in the host page. */
  function fragmentOf(markup, coercionType) {
    const fragment = document.createDocumentFragment();
    if (coercionType !== 'html') {
      fragment.append(markup);
      return fragment;
    }
    const parsed = new DOMParser().parseFromString(markup, 'text/html');
    for (const node of parsed.querySelectorAll('script, iframe, object, embed')) node.remove();
    for (const node of parsed.querySelectorAll('*'))
      for (const attribute of [...node.attributes])
        if (/^on/i.test(attribute.name)) node.removeAttribute(attribute.name);
    fragment.append(...parsed.body.childNodes);
    return fragment;
  }

  const composeOperations = {
    'body.getType': async () => 'html',
    'body.get': async ({ coercionType }) =>
      coercionType === 'text' ? draftBody.textContent : draftBody.innerHTML,
    'body.setSelectedData': async ({ data: markup, coercionType }) => {
      // As Outlook: without a cursor in the body the call fails, and the pane puts it on top.
      if (!draftSelection || !draftBody.contains(draftSelection.startContainer))
        throw { name: 'InvalidSelection', message: 'The cursor is not in the body.', code: 9041 };
      draftSelection.deleteContents();
      const fragment = fragmentOf(markup, coercionType);
      const last = fragment.lastChild;
      draftSelection.insertNode(fragment);
      if (last) draftSelection.setStartAfter(last);
      draftSelection.collapse(true);
    },
    'body.prepend': async ({ data: markup, coercionType }) => {
      draftBody.prepend(fragmentOf(markup, coercionType));
    },
    'subject.get': async () => $('draft-subject').value,
    'subject.set': async ({ value }) => {
      $('draft-subject').value = value;
    },
  };

  // --- talking to the panes ---------------------------------------------------------------
  function post(frame, message) {
    frame.contentWindow.postMessage({ channel: CHANNEL, ...message }, serverOrigin);
  }

  async function brokerToken(clientId, scope) {
    const response = await fetch('/workbench/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: person.tenantId, userId: person.id, clientId, scope }),
    });
    const body = await response.json();
    if (!response.ok) throw body.error;
    return body;
  }

  async function answerNestedAppAuth(frame, envelope) {
    const reply = (fields) =>
      post(frame, {
        kind: 'naa',
        data: JSON.stringify({
          messageType: 'NestedAppAuthResponse',
          requestId: envelope.requestId,
          ...fields,
        }),
      });
    if (envelope.method === 'GetInitContext') {
      reply({
        success: true,
        initContext: {
          sdkName: 'Throughline workbench Outlook',
          sdkVersion: '1.0',
          capabilities: { queryAccount: false },
          accountContext: {
            homeAccountId: `${person.id}.${person.tenantId}`,
            environment: 'login.microsoftonline.com',
            tenantId: person.tenantId,
          },
        },
      });
      return;
    }
    if (envelope.method === 'GetToken' || envelope.method === 'GetTokenPopup') {
      try {
        const params = envelope.tokenParams || {};
        const { token, account } = await brokerToken(params.clientId, params.scope);
        reply({ success: true, token, account });
      } catch (error) {
        reply({
          success: false,
          error: error && error.status ? error : { status: 'TRANSIENT_ERROR' },
        });
      }
      return;
    }
    reply({
      success: false,
      error: { status: 'PERSISTENT_ERROR', description: `Unsupported ${envelope.method}` },
    });
  }

  async function answerRequest(frame, frameId, { id, method, params }) {
    try {
      let value;
      if (method === 'auth.getAccessToken') {
        const apiResource = `api://${new URL(data.serverUrl).host}/${data.clientId}`;
        value = (await brokerToken(data.clientId, `${apiResource}/access_as_user`)).token
          .access_token;
      } else if (frameId === 'compose-pane' && composeOperations[method]) {
        value = await composeOperations[method](params || {});
      } else {
        throw { name: 'NotSupported', message: `${method} is not available here.`, code: 5000 };
      }
      post(frame, { kind: 'response', id, ok: true, value });
    } catch (error) {
      const { name = 'InternalError', message = String(error), code = 5001 } = error || {};
      post(frame, { kind: 'response', id, ok: false, error: { name, message, code } });
    }
  }

  function contextFor(frameId) {
    return frameId === 'read-pane'
      ? selected && { message: selected.officeItem }
      : { compose: { subject: $('draft-subject').value } };
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== serverOrigin || !event.data || event.data.channel !== CHANNEL) return;
    const frameId = ['read-pane', 'compose-pane'].find(
      (id) => $(id).contentWindow === event.source,
    );
    if (!frameId) return;
    const frame = $(frameId);
    const message = event.data;
    if (message.kind === 'hello') {
      connected.add(frameId);
      post(frame, {
        kind: 'context',
        item: contextFor(frameId),
        person: { displayName: person.displayName, mail: person.mail },
        displayLanguage: 'en-GB',
        isNestedAppAuthSupported: true,
      });
    } else if (message.kind === 'request') {
      void answerRequest(frame, frameId, message);
    } else if (message.kind === 'naa') {
      void answerNestedAppAuth(frame, JSON.parse(message.data));
    }
  });

  $('new-message').addEventListener('click', openCompose);
  $('discard-draft').addEventListener('click', closeCompose);
  void loadMailbox();
})();
