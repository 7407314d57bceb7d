/* global window, document, fetch, URL, URLSearchParams, localStorage */
/**
 * The workbench's Teams, in the browser: an app bar (Activity, Chat, Teams, Calendar and
 * the Throughline app), the production tab framed where Teams frames it, spoken to through
 * the one host implementation (teams-host.js) with the person's SSO token, and the theme
 * Teams sends. Deep links from the activity feed open in the tab as Teams opens them (the
 * entity's tab with `subEntityId`, or the tab's own address); the bot's cards are drawn with
 * Microsoft's Adaptive Cards renderer and their actions go back to the bot as Teams sends
 * them (`adaptiveCard/action` invokes, signed by the sandbox's Bot Framework).
 */
(function teamsClient() {
  const body = document.body;
  const person = {
    tenantId: body.dataset.tenantId,
    id: body.dataset.personId,
    name: body.dataset.personName,
  };
  const clientId = body.dataset.clientId;
  const serverUrl = body.dataset.serverUrl;
  const tabUrl = body.dataset.tabUrl;
  const query = `tenant=${encodeURIComponent(person.tenantId)}&person=${encodeURIComponent(person.id)}`;
  const status = document.getElementById('teams-status');
  const hosts = new Map();
  let theme = 'default';
  let isTeamShown = false;

  const element = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (value !== undefined && value !== null && value !== false)
        node.setAttribute(key, value === true ? '' : String(value));
    }
    node.append(...children);
    return node;
  };

  async function getToken() {
    if (!serverUrl) throw new Error('The Throughline server is not running.');
    const scope = `api://${new URL(serverUrl).host}/${clientId}/access_as_user`;
    const response = await fetch('/workbench/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: person.tenantId, userId: person.id, clientId, scope }),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error?.description ?? 'No token');
    return answer.token.access_token;
  }

  /** Loads a page of the app into a frame and answers it as Teams, with this context. */
  function openInFrame(frame, url, context, callbacks = {}) {
    hosts.get(frame)?.disconnect();
    const host = window.throughlineTeamsHost.connect(frame, {
      tabOrigin: new URL(url).origin,
      context: {
        locale: 'en-GB',
        theme,
        userObjectId: person.id,
        tid: person.tenantId,
        loginHint: body.dataset.personUpn,
        ...context,
      },
      getToken,
      ...callbacks,
    });
    hosts.set(frame, host);
    frame.src = url;
    return host;
  }

  // ---- views -----------------------------------------------------------------------------

  function show(name) {
    for (const section of document.querySelectorAll('.view'))
      section.hidden = section.id !== `view-${name}`;
    for (const button of document.querySelectorAll('.app-bar button')) {
      if (button.dataset.view === name) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    }
    if (name === 'activity') renderActivity();
    if (name === 'chat') void renderChat();
    // The channel's tab loads when the team is first opened, as Teams loads a channel's tabs.
    if (name === 'team' && !isTeamShown) {
      isTeamShown = true;
      renderTeam();
    }
  }
  for (const button of document.querySelectorAll('.app-bar button'))
    button.addEventListener('click', () => show(button.dataset.view));

  let data = null;
  async function load() {
    const response = await fetch(`/workbench/api/teams?${query}`);
    data = await response.json();
    body.dataset.personUpn = data.person.userPrincipalName;
    return data;
  }

  // ---- the Throughline app (personal tabs) ------------------------------------------------

  const appFrame = document.getElementById('app-frame');
  function openPersonalTab(entityId, options = {}) {
    const tab = data.app.personalTabs.find((item) => item.entityId === entityId);
    if (!tab || !tab.contentUrl) return;
    for (const button of document.querySelectorAll('#personal-tabs [role=tab]'))
      button.setAttribute('aria-selected', String(button.dataset.entityId === entityId));
    openInFrame(appFrame, options.url ?? tab.contentUrl, {
      entityId,
      subEntityId: options.subEntityId ?? '',
      frameContext: 'content',
    });
    show('app');
  }

  function renderPersonalTabs() {
    const list = document.getElementById('personal-tabs');
    list.replaceChildren(
      ...data.app.personalTabs.map((tab) =>
        element('button', {
          type: 'button',
          role: 'tab',
          'data-entity-id': tab.entityId,
          'aria-selected': 'false',
          text: tab.name,
          onclick: () => openPersonalTab(tab.entityId),
        }),
      ),
    );
  }

  /** Follows a link as Teams does: an app's deep link opens that tab with its sub-entity. */
  function followLink(link) {
    const url = new URL(link);
    const entity = /^\/l\/entity\/[^/]+\/([^/?]+)/.exec(url.pathname);
    if (url.hostname === 'teams.microsoft.com' && entity) {
      let subEntityId = '';
      try {
        subEntityId = JSON.parse(url.searchParams.get('context') ?? '{}').subEntityId ?? '';
      } catch {
        subEntityId = '';
      }
      openPersonalTab(decodeURIComponent(entity[1]), { subEntityId });
      return;
    }
    if (tabUrl && link.startsWith(tabUrl)) {
      const hash = url.hash.split('?')[0];
      const tab =
        data.app.personalTabs.find((item) => new URL(item.contentUrl).hash === hash) ??
        data.app.personalTabs[0];
      openPersonalTab(tab.entityId, { url: link });
      return;
    }
    window.open(link, '_blank', 'noopener');
  }

  // ---- activity feed ---------------------------------------------------------------------

  const when = (iso) =>
    new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  function renderActivity() {
    const list = document.getElementById('activity-list');
    if (data.activity.length === 0) {
      list.replaceChildren(element('li', { text: 'Nothing in your activity feed yet.' }));
      return;
    }
    list.replaceChildren(
      ...data.activity.map((item) =>
        element('li', {}, [
          element(
            'button',
            {
              type: 'button',
              disabled: !item.webUrl,
              onclick: () => item.webUrl && followLink(item.webUrl),
            },
            [
              element('span', { class: 'feed-title', text: item.title }),
              element('span', { class: 'feed-text', text: item.text }),
              element('span', { class: 'feed-meta', text: `Throughline · ${when(item.at)}` }),
            ],
          ),
        ]),
      ),
    );
  }
  document.querySelector('[data-view="activity"]').addEventListener('click', async () => {
    await load();
    renderActivity();
  });

  // ---- chat with the bot -----------------------------------------------------------------

  async function sendToBot(request) {
    const response = await fetch('/workbench/api/bot', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: person.tenantId, person: person.id, ...request }),
    });
    return response.json();
  }

  /** A card as Teams draws it; Universal Actions refresh it for the people it names. */
  function drawCard(content, activityId, place) {
    const AC = window.AdaptiveCards;
    const card = new AC.AdaptiveCard();
    card.onExecuteAction = async (action) => {
      if (action instanceof AC.OpenUrlAction && action.url) {
        followLink(action.url);
        return;
      }
      const answer =
        action instanceof AC.ExecuteAction
          ? await sendToBot({
              kind: 'execute',
              replyToId: activityId,
              trigger: 'manual',
              action: { id: action.id, verb: action.verb, data: action.data },
            })
          : await sendToBot({ kind: 'submit', replyToId: activityId, data: action.data ?? {} });
      showAnswer(answer, activityId, place);
    };
    card.parse(content);
    place.replaceChildren(card.render() ?? element('p', { text: 'The card could not be drawn.' }));
    const refresh = content && content.refresh;
    const isForMe =
      refresh && refresh.action && (!refresh.userIds || refresh.userIds.includes(data.person.mri));
    return isForMe ? refresh.action : null;
  }

  function showAnswer(answer, activityId, place) {
    const invoke = answer.body;
    if (invoke && invoke.type === 'application/vnd.microsoft.card.adaptive' && invoke.value) {
      drawCard(invoke.value, activityId, place);
    } else if (invoke && invoke.type === 'application/vnd.microsoft.activity.message') {
      place.append(element('p', { role: 'status', text: String(invoke.value ?? '') }));
    } else if (answer.status >= 400 || (invoke && invoke.statusCode >= 400)) {
      place.append(
        element('p', {
          role: 'alert',
          text: `The bot answered ${invoke?.statusCode ?? answer.status}: ${invoke?.value?.message ?? ''}`,
        }),
      );
    }
  }

  async function renderChat() {
    await load();
    const list = document.getElementById('chat-list');
    if (data.chat.length === 0) {
      list.replaceChildren(element('li', { text: 'Throughline has not posted to you yet.' }));
      return;
    }
    list.replaceChildren();
    for (const post of data.chat) {
      const item = element('li', { class: 'post' }, [
        element('p', { class: 'post-meta', text: `Throughline · ${when(post.at)}` }),
      ]);
      if (post.text) item.append(element('p', { text: post.text }));
      list.append(item);
      for (const content of post.cards) {
        const place = element('div', { class: 'card', role: 'group', 'aria-label': 'Card' });
        item.append(place);
        const refresh = drawCard(content, post.activityId, place);
        if (refresh) {
          // Teams shows the card it has and swaps in the bot's fresh one when it arrives;
          // until then the card says it is busy, so nobody types into a card about to go.
          place.setAttribute('aria-busy', 'true');
          void sendToBot({
            kind: 'execute',
            replyToId: post.activityId,
            trigger: 'automatic',
            action: { id: refresh.id, verb: refresh.verb, data: refresh.data },
          })
            .then((answer) => showAnswer(answer, post.activityId, place))
            .finally(() => place.setAttribute('aria-busy', 'false'));
        }
      }
    }
  }

  document.getElementById('chat-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('chat-text');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    await sendToBot({ kind: 'message', text });
    await renderChat();
  });

  // ---- a team's channel tab ----------------------------------------------------------------

  const storageKey = `throughline-workbench-channel-tab:${person.tenantId}:${person.id}`;
  function savedTab(key) {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  }
  function saveTab(key, settings) {
    try {
      localStorage.setItem(key, JSON.stringify(settings));
    } catch {
      // Private windows may refuse storage; the tab stays configured until the page reloads.
    }
  }

  /**
   * A configurable tab in a place (a channel, a meeting): the configuration page until it is
   * saved, then the page it saved. Teams enables Save once the page says it is valid.
   */
  function configurableTab(container, key, context, options) {
    const saved = savedTab(key);
    if (saved) {
      const frame = element('iframe', {
        class: options.frameClass,
        title: saved.suggestedDisplayName || 'Throughline',
      });
      container.replaceChildren(
        element('div', { class: 'tab-header' }, [
          element('h3', { text: saved.suggestedDisplayName || 'Throughline' }),
          element('button', {
            type: 'button',
            text: 'Remove tab',
            onclick: () => {
              localStorage.removeItem(key);
              configurableTab(container, key, context, options);
            },
          }),
        ]),
        frame,
      );
      openInFrame(frame, saved.contentUrl, {
        ...context,
        entityId: saved.entityId,
        frameContext: options.frameContext,
      });
      return;
    }
    if (!data.app.configurationUrl) return;
    const frame = element('iframe', { class: 'config-frame', title: 'Set up the Throughline tab' });
    const save = element('button', {
      type: 'button',
      class: 'primary',
      disabled: true,
      text: 'Save',
    });
    const message = element('p', { role: 'status' });
    container.replaceChildren(
      element(
        'div',
        { class: 'config-dialog', role: 'group', 'aria-label': 'Add a tab: Throughline' },
        [
          element('h3', { text: 'Add a tab: Throughline' }),
          frame,
          element('div', { class: 'actions' }, [save, message]),
        ],
      ),
    );
    let pending = null;
    const host = openInFrame(
      frame,
      data.app.configurationUrl,
      { ...context, frameContext: 'settings' },
      {
        onValidity: (isValid) => {
          save.disabled = !isValid;
        },
        onSettings: (settings) => {
          pending = settings;
        },
        onSaveOutcome: (outcome) => {
          if (outcome.ok && pending) {
            saveTab(key, pending);
            configurableTab(container, key, context, options);
          } else message.textContent = `Not saved: ${outcome.reason ?? 'the page refused'}`;
        },
      },
    );
    save.addEventListener('click', () => host.pressSave());
  }

  function renderTeam() {
    configurableTab(
      document.getElementById('channel-tab'),
      storageKey,
      { teamName: data.tenant.name, channelName: 'General', channelId: '19:general@thread.tacv2' },
      { frameContext: 'content', frameClass: 'tab-frame' },
    );
  }

  // ---- calendar and a meeting's side panel -------------------------------------------------

  function renderCalendar() {
    const list = document.getElementById('meeting-list');
    if (data.meetings.length === 0) {
      list.replaceChildren(element('li', { text: 'No 1-on-1s in the next four weeks.' }));
      return;
    }
    list.replaceChildren(
      ...data.meetings.map((meeting) =>
        element('li', {}, [
          element('span', { text: `${meeting.subject} — ${when(meeting.start)}` }),
          element('button', {
            type: 'button',
            text: `Join ${meeting.subject}`,
            onclick: () => joinMeeting(meeting),
          }),
        ]),
      ),
    );
  }

  function joinMeeting(meeting) {
    const place = document.getElementById('meeting');
    const panel = element('aside', { class: 'side-panel', 'aria-label': 'Meeting side panel' });
    place.replaceChildren(
      element('section', { class: 'meeting-stage', 'aria-label': `Meeting: ${meeting.subject}` }, [
        element('h3', { text: `In the meeting: ${meeting.subject}` }),
        element('p', {
          text: `With ${meeting.withName}, ${when(meeting.start)}–${new Date(meeting.end).toLocaleTimeString('en-GB', { timeStyle: 'short' })}`,
        }),
      ]),
      panel,
    );
    configurableTab(
      panel,
      `throughline-workbench-meeting-tab:${person.tenantId}:${person.id}:${meeting.chatId}`,
      { chatId: meeting.chatId, meetingId: meeting.meetingId },
      { frameContext: 'sidePanel', frameClass: 'side-panel-frame' },
    );
  }

  // ---- theme -------------------------------------------------------------------------------

  const themeChoice = document.getElementById('theme');
  themeChoice.addEventListener('change', () => {
    theme = themeChoice.value;
    body.className = `theme-${theme}`;
    for (const host of hosts.values()) host.setTheme(theme);
  });

  // ---- start -------------------------------------------------------------------------------

  void load().then(
    () => {
      status.textContent = '';
      status.hidden = true;
      renderPersonalTabs();
      renderCalendar();
      const start = new URLSearchParams(window.location.search).get('view');
      if (start && start !== 'app') show(start);
      // Without the server there is nothing to frame; the page's notice says so.
      else if (serverUrl && data.app.personalTabs[0])
        openPersonalTab(data.app.personalTabs[0].entityId);
    },
    (error) => {
      status.textContent = `Could not load Teams: ${error.message}`;
    },
  );
})();
