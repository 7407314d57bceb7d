/**
 * Attaching a document or a link from the tab (emails come from Outlook): find a
 * OneDrive/SharePoint document by name through Microsoft Search, or paste a link. A
 * OneDrive/SharePoint link is attached as a document, so Throughline keeps its snapshot and
 * notices when it changes; any other link is attached as a plain link with a title.
 */
import {
  Body1,
  Caption1,
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  SearchBox,
  Spinner,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type {
  Deliverable,
  DocumentHit,
  Evidence,
  EvidenceTarget,
  EvidenceVisibility,
} from '@throughline/contracts';
import {
  EvidenceDetailsFields,
  debounce,
  describeError,
  useApi,
  useResource,
  useSave,
  useSession,
} from '@throughline/ui';
import { useState } from 'react';
import { FormDialog, fieldState, generalFailureOf } from '../../forms/FormDialog';

const useStyles = makeStyles({
  results: {
    display: 'grid',
    gap: tokens.spacingVerticalXS,
    maxHeight: '280px',
    overflowY: 'auto',
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The hosts of OneDrive for Business, SharePoint and OneDrive sharing links (`/shares` resolves these). */
export function isMicrosoft365FileLink(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (
      protocol === 'https:' &&
      (/\.sharepoint\.(com|us|de|cn)$/i.test(hostname) ||
        /(^|\.)sharepoint-df\.com$/i.test(hostname) ||
        hostname === '1drv.ms' ||
        hostname === 'onedrive.live.com')
    );
  } catch {
    return false;
  }
}

export type AttachEvidenceDialogProps = {
  keyResult: { id: string; title: string };
  deliverables: readonly Pick<Deliverable, 'id' | 'title'>[];
  onDismiss: () => void;
  onAttached: (evidence: Evidence) => void;
};

type Source = 'search' | 'link';

export function AttachEvidenceDialog({
  keyResult,
  deliverables,
  onDismiss,
  onAttached,
}: AttachEvidenceDialogProps) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const save = useSave();
  const [source, setSource] = useState<Source>('search');
  const [target, setTarget] = useState<EvidenceTarget>({ kind: 'keyResult', id: keyResult.id });
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<DocumentHit | null>(null);
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [visibility, setVisibility] = useState<EvidenceVisibility>('key_result');
  const [missing, setMissing] = useState<string | null>(null);
  const query = search.trim();
  const hits = useResource(
    (signal) =>
      query.length < 2
        ? Promise.resolve(null)
        : debounce(300, signal).then(() => api.evidence.searchDocuments({ q: query, limit: 10 })),
    [api, query],
  );
  const isFileLink = isMicrosoft365FileLink(url.trim());
  const message = (field: string) =>
    (field === 'document' ? missing : null) ?? save.fieldMessage(field);
  const fields = ['target', 'sharingUrl', 'url', 'title', 'driveId', 'itemId', 'document'];

  async function submit() {
    const common = { target, note, visibility };
    if (source === 'search' && !chosen) {
      setMissing('Pick a document from the results, or paste its link instead.');
      return;
    }
    setMissing(null);
    const trimmed = url.trim();
    const saved = await save.run((key) =>
      source === 'search'
        ? api.evidence.attachDocument(
            { ...common, driveId: chosen!.driveId, itemId: chosen!.itemId },
            { idempotencyKey: key },
          )
        : isMicrosoft365FileLink(trimmed)
          ? api.evidence.attachDocument({ ...common, sharingUrl: trimmed }, { idempotencyKey: key })
          : api.evidence.attachLink(
              { ...common, url: trimmed, title: title.trim() },
              { idempotencyKey: key },
            ),
    );
    if (saved) onAttached(saved);
  }

  const targetLabel = (value: EvidenceTarget) =>
    value.kind === 'keyResult'
      ? `The key result “${keyResult.title}”`
      : `Deliverable “${deliverables.find((item) => item.id === value.id)?.title ?? ''}”`;

  return (
    <FormDialog
      title="Attach evidence"
      submitLabel="Attach"
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, fields)}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Body1>
        A document or link that proves progress. To attach an email, open it in Outlook and choose
        Throughline › Attach to key result.
      </Body1>
      {deliverables.length > 0 && (
        <Field label="Attach to" {...fieldState(message('target'))}>
          <Dropdown
            value={targetLabel(target)}
            selectedOptions={[`${target.kind}:${target.id}`]}
            onOptionSelect={(_event, data) => {
              const [kind, id] = (data.optionValue ?? '').split(':');
              if (id) setTarget({ kind: kind as EvidenceTarget['kind'], id });
            }}
          >
            <Option value={`keyResult:${keyResult.id}`}>
              {targetLabel({ kind: 'keyResult', id: keyResult.id })}
            </Option>
            {deliverables.map((item) => (
              <Option key={item.id} value={`deliverable:${item.id}`}>
                {targetLabel({ kind: 'deliverable', id: item.id })}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <TabList
        selectedValue={source}
        onTabSelect={(_event, data) => setSource(data.value as Source)}
        aria-label="Where the evidence is"
      >
        <Tab value="search">Find a document</Tab>
        <Tab value="link">Paste a link</Tab>
      </TabList>
      {source === 'search' ? (
        <>
          <Field
            label="Document name"
            hint="Searches the OneDrive and SharePoint files you can open."
            {...fieldState(message('driveId') ?? message('itemId') ?? undefined)}
          >
            <SearchBox
              value={search}
              onChange={(_event, data) => {
                setSearch(data.value);
                setChosen(null);
              }}
              placeholder="e.g. order form"
              autoFocus
            />
          </Field>
          {hits.error ? (
            <Body1 role="alert">Could not search: {describeError(hits.error)}</Body1>
          ) : query.length >= 2 && (hits.isLoading || !hits.data) ? (
            <Spinner size="tiny" label="Searching…" />
          ) : hits.data && hits.data.items.length === 0 ? (
            <Body1 className={styles.muted}>No document you can open matches “{query}”.</Body1>
          ) : hits.data ? (
            <Field label="Results" {...fieldState(message('document') ?? undefined)}>
              <RadioGroup
                className={styles.results}
                value={chosen ? `${chosen.driveId}/${chosen.itemId}` : ''}
                onChange={(_event, data) => {
                  setChosen(
                    hits.data?.items.find((hit) => `${hit.driveId}/${hit.itemId}` === data.value) ??
                      null,
                  );
                  setMissing(null);
                }}
              >
                {hits.data.items.map((hit) => (
                  <Radio
                    key={`${hit.driveId}/${hit.itemId}`}
                    value={`${hit.driveId}/${hit.itemId}`}
                    label={
                      <>
                        {hit.name}
                        <br />
                        <Caption1 className={styles.muted}>{describeHit(hit, locale)}</Caption1>
                      </>
                    }
                  />
                ))}
              </RadioGroup>
            </Field>
          ) : (
            missing && (
              <Body1 role="alert" className={styles.muted}>
                {missing}
              </Body1>
            )
          )}
        </>
      ) : (
        <>
          <Field
            label="Link"
            required
            hint="A OneDrive or SharePoint sharing link is attached as a document; any other https link as a link."
            {...fieldState(message('sharingUrl') ?? message('url'))}
          >
            <Input
              type="url"
              value={url}
              onChange={(_event, data) => setUrl(data.value)}
              placeholder="https://"
              autoFocus
            />
          </Field>
          {url.trim() !== '' && !isFileLink && (
            <Field label="Title" required {...fieldState(message('title'))}>
              <Input value={title} onChange={(_event, data) => setTitle(data.value)} />
            </Field>
          )}
        </>
      )}
      <EvidenceDetailsFields
        note={note}
        onNoteChange={setNote}
        visibility={visibility}
        onVisibilityChange={setVisibility}
        disabled={save.isSaving}
      />
    </FormDialog>
  );
}

function describeHit(hit: DocumentHit, locale: string): string {
  const parts: string[] = [];
  if (hit.lastModifiedDateTime)
    parts.push(
      `Modified ${new Date(hit.lastModifiedDateTime).toLocaleDateString(locale, { dateStyle: 'medium' })}`,
    );
  if (hit.lastModifiedBy) parts.push(`by ${hit.lastModifiedBy}`);
  return parts.join(' ');
}
