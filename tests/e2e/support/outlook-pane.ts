/**
 * Opens the Outlook add-in's pages (read.html, compose.html) on their own, as a pane with
 * a given mailbox item: the local suite builds them with Office.js loaded from the sandbox
 * (sandbox/src/workbench/office-stand-in.js, the same stand-in the workbench's Outlook
 * uses), and the page is told the item and the person before any script runs. The item
 * is a real message of the sandbox's demo mailbox, so the REST id the pane sends reaches
 * the sandbox Graph and finds that message.
 */
import type { Page } from 'playwright-core';
import type { SeedMessage } from '@throughline/sandbox';
import type { DemoPerson } from './stack';

/** The message as Outlook shows it to an add-in: `itemId` is the EWS form of the REST id. */
export interface OutlookMessage {
  itemId: string;
  subject: string;
  from: { name: string; address: string };
  receivedDateTime: string;
  internetMessageId: string;
  conversationId: string;
}

export function outlookMessageOf(seed: SeedMessage): OutlookMessage {
  return {
    itemId: seed.id.replace(/-/g, '+').replace(/_/g, '/'),
    subject: seed.subject,
    from: seed.from.emailAddress,
    receivedDateTime: seed.receivedDateTime,
    internetMessageId: seed.internetMessageId,
    conversationId: seed.conversationId,
  };
}

export interface StandInCall {
  method: string;
  [key: string]: unknown;
}

export interface OutlookPane {
  /** How often the pane asked Office for a token (the Office SSO path). */
  tokenRequests(): Promise<number>;
  calls(): Promise<StandInCall[]>;
  /** The body of the message being written, as the pane left it. */
  body(): Promise<string>;
}

export interface OpenPaneOptions {
  url: string;
  identityUrl: string;
  person: Pick<DemoPerson, 'id' | 'tenantId' | 'displayName'>;
  message?: OutlookMessage;
  compose?: { subject: string; body: string; bodyType?: 'html' | 'text'; hasCursor?: boolean };
}

export async function openOutlookPane(page: Page, options: OpenPaneOptions): Promise<OutlookPane> {
  const config = {
    identityUrl: options.identityUrl,
    person: options.person,
    message: options.message,
    compose: options.compose,
    displayLanguage: 'en-GB',
  };
  // Init scripts add up on a page: each opening replaces the config the last one gave.
  await page.addInitScript((given) => {
    (globalThis as unknown as { __officeStandInConfig: unknown }).__officeStandInConfig = given;
  }, config);
  await page.goto(options.url);
  const record = () =>
    page.evaluate(
      () =>
        (
          globalThis as unknown as {
            __officeStandIn: { calls: StandInCall[]; tokenRequests: number; body: string };
          }
        ).__officeStandIn,
    );
  return {
    tokenRequests: async () => (await record()).tokenRequests,
    calls: async () => (await record()).calls,
    body: async () => (await record()).body,
  };
}
