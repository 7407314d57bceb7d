/**
 * The workbench's own pages, rendered on the server as plain HTML (every value escaped):
 * they must work with the keyboard and a screen reader before any script runs, and stay
 * readable for anyone opening the sandbox's root to see what is running.
 */
import type { SeedPerson } from '../seed/organisation';
import { sandboxApp } from '../seed/organisation';
import type { TenantSummary } from './workbench';

/** The product's addresses, known once the server is started next to the sandbox. */
export interface ProductAddresses {
  serverUrl: string;
  tabUrl: string;
  addinUrl: string;
}

const escapeHtml = (value: unknown) =>
  String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A tagged template that escapes every interpolated value unless it is already markup. */
class Markup {
  constructor(readonly html: string) {}
  toString() {
    return this.html;
  }
}
function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  values.forEach((value, index) => {
    const parts = Array.isArray(value) ? value : [value];
    out +=
      parts
        .map((part) =>
          part instanceof Markup
            ? part.html
            : part === null || part === undefined || part === false
              ? ''
              : escapeHtml(part),
        )
        .join('') + strings[index + 1]!;
  });
  return new Markup(out);
}

function layout(
  title: string,
  body: Markup,
  options: { bodyAttributes?: Markup; script?: string; scripts?: string[] } = {},
) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/workbench/workbench.css" />
      </head>
      <body ${options.bodyAttributes ?? ''}>
        ${body}
        ${[...(options.script ? [options.script] : []), ...(options.scripts ?? [])].map(
          (src) => html`<script src="${src}"></script>`,
        )}
      </body>
    </html> `.html;
}

export const WHAT_IS_REAL =
  'Real here: the Throughline server and its database, the Teams tab and Outlook add-in pages as they are built for production, and every Microsoft Graph call the server makes.';
export const WHAT_STANDS_IN =
  'Standing in: Entra ID (sign-in and tokens), Microsoft Graph (an emulator holding the demo tenants’ people, mail, files and calendars), and the Outlook and Teams clients around the pages.';

export function teamsAddress(tenantId: string, personId: string) {
  return `/workbench/teams?tenant=${encodeURIComponent(tenantId)}&person=${encodeURIComponent(personId)}`;
}

export function outlookAddress(tenantId: string, personId: string) {
  return `/workbench/outlook?tenant=${encodeURIComponent(tenantId)}&person=${encodeURIComponent(personId)}`;
}

export function homePage({
  tenants,
  product,
}: {
  tenants: TenantSummary[];
  product: ProductAddresses | null;
}): string {
  const body = html`
    <a class="skip-link" href="#people">Skip to the demo people</a>
    <header class="page-header">
      <h1>Throughline workbench</h1>
      <p class="lede">
        Try every surface of Throughline as a demo person, without a Microsoft 365 tenant.
      </p>
    </header>
    <main class="home">
      <section aria-labelledby="what-runs">
        <h2 id="what-runs">What runs here</h2>
        <p>${WHAT_IS_REAL} ${WHAT_STANDS_IN}</p>
      </section>
      <section aria-labelledby="start">
        <h2 id="start">Start here</h2>
        <p>
          Choose <strong>Outlook</strong> next to Diego Siciliani (Contoso), open “Signed order:
          Northwind Traders, 240 seats” and attach it to one of his key results from the Throughline
          pane beside the message. Then choose <strong>Teams</strong> at the top of his Outlook to
          find it on the key result.
        </p>
        ${
          product
            ? ''
            : html`<p class="notice" role="status">
                The Throughline server is not running next to this sandbox, so the panes cannot
                load. Start everything with <code>npm start</code>.
              </p>`
        }
      </section>
      <section aria-labelledby="surfaces">
        <h2 id="surfaces">Surfaces</h2>
        <ul class="surfaces">
          <li>
            <strong>Outlook</strong>: a mail client over the person’s sandbox mailbox, with the
            add-in’s read pane (Attach to OKR) docked beside the open message and the compose pane
            (Insert OKR status) beside a new message. Choose it per person below.
          </li>
          <li>
            <strong>Teams</strong>: the Throughline app as Teams shows it — its personal tabs, a
            team's channel tab with its configuration page, a 1-on-1 meeting with the side panel,
            the activity feed, the chat with the Throughline bot (its cards rendered and acted on),
            and the light, dark and high-contrast themes. Choose it per person below.
          </li>
          ${
            product
              ? html`<li>
                    <a href="${product.tabUrl}">Teams tab in a browser</a>: the tab outside Teams,
                    where it asks which demo person to sign in as.
                  </li>
                  <li>
                    <a href="${product.addinUrl}">Outlook add-in pages</a> on their own, and the
                    <a href="${product.serverUrl}/api/openapi.json">API description (OpenAPI)</a>.
                  </li>`
              : ''
          }
        </ul>
      </section>
      <section id="people" aria-labelledby="people-heading">
        <h2 id="people-heading">Demo tenants and people</h2>
        ${tenants.map(
          (tenant) => html`
            <section class="tenant" aria-labelledby="tenant-${tenant.id}">
              <h3 id="tenant-${tenant.id}">${tenant.name}</h3>
              <p class="tenant-facts">
                ${tenant.peopleCount}
                people${tenant.isGenerated ? ' (generated)' : ''}${
                  tenant.people.length < tenant.peopleCount
                    ? `; the first ${tenant.people.length} are listed`
                    : ''
                }
              </p>
              <table>
                <caption class="visually-hidden">
                  People of ${tenant.name}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Job title</th>
                    <th scope="col" colspan="2">Open as them</th>
                  </tr>
                </thead>
                <tbody>
                  ${tenant.people.map(
                    (person) =>
                      html`<tr>
                        <th scope="row">
                          ${person.displayName}${person.isAdmin ? html` <span class="tag">admin</span>` : ''}
                        </th>
                        <td>${person.jobTitle}</td>
                        <td>
                          <a href="${outlookAddress(tenant.id, person.id)}"
                            >Outlook<span class="visually-hidden">
                              as ${person.displayName} (${tenant.name})</span
                            ></a
                          >
                        </td>
                        <td>
                          <a href="${teamsAddress(tenant.id, person.id)}"
                            >Teams<span class="visually-hidden">
                              as ${person.displayName} (${tenant.name})</span
                            ></a
                          >
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </section>
          `,
        )}
      </section>
    </main>
  `;
  return layout('Throughline workbench', body);
}

export function outlookPage({
  tenantName,
  person,
  product,
}: {
  tenantName: string;
  person: SeedPerson;
  product: ProductAddresses | null;
}): string {
  const attributes = html`data-tenant-id="${person.tenantId}" data-person-id="${person.id}"
  data-person-name="${person.displayName}" data-person-mail="${person.mail}"
  data-client-id="${sandboxApp.clientId}" data-addin-url="${product?.addinUrl ?? ''}"
  data-server-url="${product?.serverUrl ?? ''}"`;
  const body = html`
    <a class="skip-link" href="#reading-pane">Skip to the open message</a>
    <header class="outlook-header">
      <h1>Outlook <span class="header-who">— ${person.displayName}, ${tenantName}</span></h1>
      <nav aria-label="Workbench">
        <a href="/">Workbench home</a>
        <a href="${teamsAddress(person.tenantId, person.id)}">Teams as ${person.displayName}</a>
      </nav>
      <button type="button" id="new-message" class="primary">New message</button>
    </header>
    ${
      product
        ? ''
        : html`<p class="notice" role="status">
            The Throughline server is not running next to this sandbox, so the add-in panes cannot
            load.
          </p>`
    }
    <div class="outlook" id="mail-view">
      <nav class="folders" aria-label="Folders">
        <h2 class="visually-hidden">Folders</h2>
        <ul id="folder-list"></ul>
      </nav>
      <section class="message-list" aria-labelledby="message-list-heading">
        <h2 id="message-list-heading">Inbox</h2>
        <p id="mailbox-status" role="status">Loading the mailbox…</p>
        <ul id="message-list"></ul>
      </section>
      <article
        class="reading-pane"
        id="reading-pane"
        aria-labelledby="reading-subject"
        tabindex="-1"
      >
        <h2 id="reading-subject">No message selected</h2>
        <dl id="reading-facts" class="facts"></dl>
        <iframe id="reading-body" title="Message body" sandbox=""></iframe>
        <details>
          <summary>As Microsoft Graph returns it</summary>
          <pre id="reading-graph"></pre>
        </details>
      </article>
      <aside class="addin-pane" aria-labelledby="read-pane-heading">
        <h2 id="read-pane-heading">Throughline: Attach to OKR</h2>
        <iframe id="read-pane" title="Throughline add-in: Attach to OKR"></iframe>
      </aside>
    </div>
    <div class="outlook compose" id="compose-view" hidden>
      <section class="draft" aria-labelledby="draft-heading">
        <h2 id="draft-heading">New message</h2>
        <form id="draft-form">
          <label for="draft-to">To</label>
          <input id="draft-to" name="to" type="text" autocomplete="off" />
          <label for="draft-subject">Subject</label>
          <input id="draft-subject" name="subject" type="text" autocomplete="off" />
          <span id="draft-body-label" class="label">Message</span>
          <div
            id="draft-body"
            class="draft-body"
            contenteditable="true"
            role="textbox"
            aria-multiline="true"
            aria-labelledby="draft-body-label"
            tabindex="0"
          ></div>
          <div class="actions">
            <button type="button" id="discard-draft">Discard</button>
          </div>
        </form>
      </section>
      <aside class="addin-pane" aria-labelledby="compose-pane-heading">
        <h2 id="compose-pane-heading">Throughline: Insert OKR status</h2>
        <iframe id="compose-pane" title="Throughline add-in: Insert OKR status"></iframe>
      </aside>
    </div>
  `;
  return layout(`Outlook — ${person.displayName} — Throughline workbench`, body, {
    bodyAttributes: attributes,
    script: '/workbench/outlook.js',
  });
}

export function teamsPage({
  tenantName,
  person,
  product,
}: {
  tenantName: string;
  person: SeedPerson;
  product: ProductAddresses | null;
}): string {
  const attributes = html`data-tenant-id="${person.tenantId}" data-person-id="${person.id}"
  data-person-name="${person.displayName}" data-client-id="${sandboxApp.clientId}"
  data-server-url="${product?.serverUrl ?? ''}" data-tab-url="${product?.tabUrl ?? ''}"
  class="theme-default"`;
  const body = html`
    <a class="skip-link" href="#stage">Skip to the open app</a>
    <header class="teams-header">
      <h1>Teams <span class="header-who">— ${person.displayName}, ${tenantName}</span></h1>
      <nav aria-label="Workbench">
        <a href="/">Workbench home</a>
        <a href="${outlookAddress(person.tenantId, person.id)}">Outlook as ${person.displayName}</a>
      </nav>
      <label class="theme-choice"
        >Theme
        <select id="theme">
          <option value="default">Light</option>
          <option value="dark">Dark</option>
          <option value="contrast">High contrast</option>
        </select>
      </label>
    </header>
    ${
      product
        ? ''
        : html`<p class="notice" role="status">
            The Throughline server is not running next to this sandbox, so the app cannot load.
          </p>`
    }
    <div class="teams">
      <nav class="app-bar" aria-label="Teams">
        <ul>
          <li><button type="button" data-view="activity">Activity</button></li>
          <li><button type="button" data-view="chat">Chat</button></li>
          <li><button type="button" data-view="team">Teams</button></li>
          <li><button type="button" data-view="calendar">Calendar</button></li>
          <li><button type="button" data-view="app" aria-current="page">Throughline</button></li>
        </ul>
      </nav>
      <main id="stage" class="stage" tabindex="-1">
        <p id="teams-status" role="status">Loading…</p>
        <section id="view-app" class="view" aria-labelledby="app-heading">
          <h2 id="app-heading">Throughline</h2>
          <div id="personal-tabs" role="tablist" aria-label="Throughline tabs"></div>
          <iframe id="app-frame" class="tab-frame" title="Throughline"></iframe>
        </section>
        <section id="view-activity" class="view" aria-labelledby="activity-heading" hidden>
          <h2 id="activity-heading">Activity</h2>
          <p class="hint">
            What Throughline sent to the activity feed; open one to follow its link.
          </p>
          <ul id="activity-list" class="feed"></ul>
        </section>
        <section id="view-chat" class="view" aria-labelledby="chat-heading" hidden>
          <h2 id="chat-heading">Chat with Throughline</h2>
          <ol id="chat-list" class="chat"></ol>
          <form id="chat-form" class="chat-form">
            <label for="chat-text">Message to Throughline</label>
            <input id="chat-text" name="text" type="text" autocomplete="off" />
            <button type="submit">Send</button>
          </form>
        </section>
        <section id="view-team" class="view" aria-labelledby="team-heading" hidden>
          <h2 id="team-heading">${tenantName} — General</h2>
          <div id="channel-tab"></div>
        </section>
        <section id="view-calendar" class="view" aria-labelledby="calendar-heading" hidden>
          <h2 id="calendar-heading">Calendar: your 1-on-1s</h2>
          <ul id="meeting-list" class="meetings"></ul>
          <div id="meeting"></div>
        </section>
      </main>
    </div>
  `;
  return layout(`Teams — ${person.displayName} — Throughline workbench`, body, {
    bodyAttributes: attributes,
    scripts: ['/workbench/adaptivecards.js', '/workbench/teams-host.js', '/workbench/teams.js'],
  });
}
