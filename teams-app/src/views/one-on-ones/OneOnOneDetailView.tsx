import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  Subtitle2,
  Textarea,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, NoteRegular } from '@fluentui/react-icons';
import type { ActionItem, OneOnOneDetail, OneOnOneNote } from '@throughline/contracts';
import { ErrorBar, PersonAvatar, useApi, useSave, useSession } from '@throughline/ui';
import { useState, type FormEvent } from 'react';
import { AdaptiveCardView } from './AdaptiveCardView';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, alignContent: 'start' },
  header: { display: 'grid', gap: tokens.spacingVerticalXS },
  people: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    flexWrap: 'wrap',
    alignItems: 'center',
  },
  muted: { color: tokens.colorNeutralForeground3 },
  columns: {
    display: 'grid',
    gap: tokens.spacingHorizontalXL,
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    alignItems: 'start',
  },
  section: { display: 'grid', gap: tokens.spacingVerticalS },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalXS,
  },
  note: {
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    display: 'grid',
    gap: tokens.spacingVerticalXXS,
  },
  form: { display: 'grid', gap: tokens.spacingVerticalS },
  row: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
  },
  grow: { flexGrow: 1 },
  carried: { color: tokens.colorNeutralForeground3, marginLeft: tokens.spacingHorizontalXXL },
});

export type OneOnOneDetailViewProps = {
  detail: OneOnOneDetail;
  /** A side panel is narrow: the card comes first and the header is shorter. */
  isCompact?: boolean;
  onChange: (detail: OneOnOneDetail) => void;
  onOpenUrl: (url: string) => void;
};

/** One 1-on-1: the prep card as Teams renders it, then the shared notes and the action items that carry over. */
export function OneOnOneDetailView({
  detail,
  isCompact = false,
  onChange,
  onOpenUrl,
}: OneOnOneDetailViewProps) {
  const styles = useStyles();
  const { locale } = useSession();
  const when = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(detail.startsAt));
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <Title3 as="h2">
          {detail.managerName} / {detail.reportName}
        </Title3>
        <Caption1 className={styles.muted}>
          {detail.subject} · {when}
        </Caption1>
        {!isCompact && (
          <div className={styles.people}>
            <PersonAvatar personId={detail.managerId} role="Manager" />
            <PersonAvatar personId={detail.reportId} role="Report" />
          </div>
        )}
      </div>
      <AdaptiveCardView
        card={detail.card}
        onOpenUrl={onOpenUrl}
        label={`Prep card for the 1-on-1 of ${detail.managerName} and ${detail.reportName}`}
      />
      <div className={isCompact ? styles.section : styles.columns}>
        <ActionItems detail={detail} onChange={onChange} />
        <Notes detail={detail} onChange={onChange} />
      </div>
    </div>
  );
}

function ActionItems({ detail, onChange }: Pick<OneOnOneDetailViewProps, 'detail' | 'onChange'>) {
  const styles = useStyles();
  const api = useApi();
  const save = useSave();
  const toggle = useSave();
  const [text, setText] = useState('');
  const replace = (item: ActionItem) =>
    onChange({
      ...detail,
      actionItems: detail.actionItems.some((entry) => entry.id === item.id)
        ? detail.actionItems.map((entry) => (entry.id === item.id ? item : entry))
        : [...detail.actionItems, item],
    });

  async function add(event: FormEvent) {
    event.preventDefault();
    const created = await save.run((key) =>
      api.oneOnOnes.addActionItem(detail.id, { text }, { idempotencyKey: key }),
    );
    if (created) {
      setText('');
      replace(created);
    }
  }

  return (
    <section className={styles.section} aria-labelledby={`actions-${detail.id}`}>
      <Subtitle2 as="h3" id={`actions-${detail.id}`}>
        Action items
      </Subtitle2>
      {detail.actionItems.length === 0 && (
        <Body1 className={styles.muted}>
          Nothing agreed yet. What you add here stays open in the next 1-on-1 until someone ticks it
          off.
        </Body1>
      )}
      <ul className={styles.list}>
        {detail.actionItems.map((item) => (
          <li key={item.id}>
            <Checkbox
              checked={item.isDone}
              disabled={toggle.isSaving}
              label={item.text}
              onChange={async (_event, data) => {
                const saved = await toggle.run(() =>
                  api.oneOnOnes.updateActionItem(detail.id, item.id, {
                    version: item.version,
                    isDone: data.checked === true,
                  }),
                );
                if (saved) replace(saved);
              }}
            />
            {item.oneOnOneId !== detail.id && (
              <Caption1 className={styles.carried}>from an earlier 1-on-1</Caption1>
            )}
          </li>
        ))}
      </ul>
      {toggle.failure !== undefined && (
        <ErrorBar title="Could not update the action item" error={toggle.failure} />
      )}
      <form className={styles.row} onSubmit={add}>
        <Field
          className={styles.grow}
          label="New action item"
          validationMessage={save.fieldMessage('text')}
        >
          <Input value={text} onChange={(_event, data) => setText(data.value)} maxLength={500} />
        </Field>
        <Button type="submit" icon={<AddRegular />} disabled={save.isSaving || text.trim() === ''}>
          Add
        </Button>
      </form>
      {save.failure !== undefined && !save.fieldMessage('text') && (
        <ErrorBar title="Could not add the action item" error={save.failure} />
      )}
    </section>
  );
}

function Notes({ detail, onChange }: Pick<OneOnOneDetailViewProps, 'detail' | 'onChange'>) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const save = useSave();
  const [body, setBody] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    const note = await save.run((key) =>
      api.oneOnOnes.addNote(detail.id, { body }, { idempotencyKey: key }),
    );
    if (note) {
      setBody('');
      onChange({ ...detail, notes: [...detail.notes, note] });
    }
  }

  return (
    <section className={styles.section} aria-labelledby={`notes-${detail.id}`}>
      <Subtitle2 as="h3" id={`notes-${detail.id}`}>
        Shared notes
      </Subtitle2>
      {detail.notes.length === 0 && (
        <Body1 className={styles.muted}>
          Only {detail.managerName} and {detail.reportName} see these notes.
        </Body1>
      )}
      <ul className={styles.list}>
        {detail.notes.map((note: OneOnOneNote) => (
          <li key={note.id} className={styles.note}>
            <Body1>{note.body}</Body1>
            <Caption1 className={styles.muted}>
              {note.authorId === detail.managerId ? detail.managerName : detail.reportName} ·{' '}
              {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
                new Date(note.at),
              )}
            </Caption1>
          </li>
        ))}
      </ul>
      <form className={styles.form} onSubmit={add}>
        <Field label="Add a note" validationMessage={save.fieldMessage('body')}>
          <Textarea
            value={body}
            onChange={(_event, data) => setBody(data.value)}
            maxLength={4000}
            resize="vertical"
          />
        </Field>
        <div>
          <Button
            type="submit"
            icon={<NoteRegular />}
            disabled={save.isSaving || body.trim() === ''}
          >
            Save note
          </Button>
        </div>
      </form>
      {save.failure !== undefined && !save.fieldMessage('body') && (
        <ErrorBar title="Could not save the note" error={save.failure} />
      )}
    </section>
  );
}
