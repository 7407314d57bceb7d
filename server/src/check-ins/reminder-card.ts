/**
 * The weekly check-in reminder as an Adaptive Card 1.5 in the person's chat with the bot:
 * one section per key result due, with its value, confidence, status and a note, and a
 * "Check in" (`Action.Execute`, an `Action.Submit` fallback) that carries the key result
 * and the version the card showed, so a check-in someone else made in the meantime is
 * caught by the versioned write path rather than overwritten. Below, "Snooze until Monday"
 * and "Stop these cards" for the person who would rather not have it. Plain objects typed with the
 * Teams SDK's card interfaces, checked against the 1.5 schema.
 */
import type { IAdaptiveCard, CardElement, IExecuteAction } from '@microsoft/teams.cards';
import {
  CHECK_IN_CARD_SNOOZE_VERB,
  CHECK_IN_CARD_STOP_VERB,
  CHECK_IN_CARD_VERB,
  type KeyResult,
} from '@throughline/contracts';
import { CARD_HEADER, InvalidCardError } from '../one-on-ones/card';
import { validateAdaptiveCard } from '../one-on-ones/card-schema';

export interface DueKeyResult {
  keyResult: Pick<
    KeyResult,
    'id' | 'title' | 'metric' | 'confidence' | 'status' | 'version' | 'progress'
  >;
  objectiveTitle: string;
}

const STATUS_CHOICES = [
  { title: 'On track', value: 'on_track' },
  { title: 'At risk', value: 'at_risk' },
  { title: 'Off track', value: 'off_track' },
  { title: 'Done', value: 'done' },
];

/** The input ids of one key result's fields; the bot reads them back by these names. */
export const checkInInputId = (field: 'value' | 'confidence' | 'status' | 'note', id: string) =>
  `${field}-${id}`;

function section({ keyResult, objectiveTitle }: DueKeyResult): CardElement {
  const { metric } = keyResult;
  const data = { keyResultId: keyResult.id, version: keyResult.version };
  const checkIn: IExecuteAction = {
    type: 'Action.Execute',
    title: 'Check in',
    verb: CHECK_IN_CARD_VERB,
    data,
    fallback: {
      type: 'Action.Submit',
      title: 'Check in',
      data: { ...data, verb: CHECK_IN_CARD_VERB },
    },
  };
  return {
    type: 'Container',
    separator: true,
    spacing: 'Large',
    items: [
      { type: 'TextBlock', text: keyResult.title, weight: 'Bolder', wrap: true },
      {
        type: 'TextBlock',
        text: `${objectiveTitle} · now ${metric.current} of ${metric.target}${metric.unit ? ` ${metric.unit}` : ''} (${Math.round(keyResult.progress * 100)}%)`,
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
        wrap: true,
      },
      {
        type: 'Input.Number',
        id: checkInInputId('value', keyResult.id),
        label: 'New value',
        value: metric.current,
        isRequired: true,
        errorMessage: 'Enter the value as it stands today.',
      },
      {
        type: 'Input.ChoiceSet',
        id: checkInInputId('confidence', keyResult.id),
        label: 'Confidence (1–10)',
        value: String(keyResult.confidence ?? 5),
        choices: Array.from({ length: 10 }, (_, index) => ({
          title: String(index + 1),
          value: String(index + 1),
        })),
      },
      {
        type: 'Input.ChoiceSet',
        id: checkInInputId('status', keyResult.id),
        label: 'Status',
        value: keyResult.status === 'not_started' ? 'on_track' : keyResult.status,
        choices: STATUS_CHOICES,
      },
      {
        type: 'Input.Text',
        id: checkInInputId('note', keyResult.id),
        label: 'A sentence on why',
        isMultiline: true,
        maxLength: 4000,
      },
      { type: 'ActionSet', actions: [checkIn] },
    ],
  } as CardElement;
}

/**
 * "Snooze until Monday" and "Stop these cards": they send no inputs and name nobody, so
 * they act on whoever presses them.
 */
function preferenceAction(title: string, verb: string): IExecuteAction {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: {},
    associatedInputs: 'none',
    fallback: { type: 'Action.Submit', title, data: { verb }, associatedInputs: 'none' },
  } as IExecuteAction;
}

export function buildCheckInReminderCard(
  due: DueKeyResult[],
  options: { notice?: string; openUrl: string },
): Record<string, unknown> {
  const card: IAdaptiveCard = {
    ...CARD_HEADER,
    fallbackText: `Check-in reminder: ${due.length} key results are due.`,
    body: [
      {
        type: 'TextBlock',
        text: due.length > 0 ? 'Time for your weekly check-in' : 'All checked in for this week',
        style: 'heading',
        size: 'Large',
        weight: 'Bolder',
        wrap: true,
      },
      ...(options.notice
        ? [{ type: 'TextBlock', text: options.notice, wrap: true, color: 'Accent' } as CardElement]
        : []),
      ...due.map(section),
    ],
    actions: [
      { type: 'Action.OpenUrl', title: 'Open in Throughline', url: options.openUrl },
      ...(due.length > 0
        ? [
            preferenceAction('Snooze until Monday', CHECK_IN_CARD_SNOOZE_VERB),
            preferenceAction('Stop these cards', CHECK_IN_CARD_STOP_VERB),
          ]
        : []),
    ],
  };
  const validation = validateAdaptiveCard(card);
  if (!validation.isValid) throw new InvalidCardError(validation.errors);
  return card as unknown as Record<string, unknown>;
}
