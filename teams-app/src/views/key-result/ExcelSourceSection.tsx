import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { LinkDismissRegular, TableRegular } from '@fluentui/react-icons';
import type { DocumentHit, KeyResultDetail } from '@throughline/contracts';
import {
  ErrorBar,
  debounce,
  describeError,
  useApi,
  useResource,
  useSave,
  useSession,
} from '@throughline/ui';
import { useState } from 'react';
import { fieldState, generalFailureOf } from '../../forms/FormDialog';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalS },
  facts: { display: 'grid', gap: tokens.spacingVerticalXXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
  source: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export type ExcelSourceSectionProps = {
  keyResult: KeyResultDetail;
  /** The key result as the link or unlink left it. */
  onChanged: (keyResult: KeyResultDetail) => void;
};

/** A pasted sharing link is used as it is; anything else is part of a workbook's name to find. */
const isLink = (text: string) => /^https:\/\//i.test(text);
const isWorkbook = (hit: DocumentHit) => hit.name.toLowerCase().endsWith('.xlsx');

/** `Sheet1!B4` is a cell; anything else is taken for a named range (the server checks both). */
const referenceOf = (text: string) => (text.includes('!') ? { cell: text } : { name: text });

/**
 * The Excel source of a key result: which cell or named range feeds it, what the last read
 * found, and why it failed when it did. Those who may edit the key result link and unlink.
 */
export function ExcelSourceSection({ keyResult, onChanged }: ExcelSourceSectionProps) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const save = useSave();
  const [workbook, setWorkbook] = useState('');
  const [reference, setReference] = useState('');
  const [chosen, setChosen] = useState<DocumentHit | null>(null);
  const query = workbook.trim();
  const isSearch = !isLink(query) && query.length >= 2 && !chosen;
  const hits = useResource(
    (signal) =>
      isSearch
        ? debounce(300, signal).then(() => api.evidence.searchDocuments({ q: query, limit: 25 }))
        : Promise.resolve(null),
    [api, query, isSearch],
  );
  const workbooks = hits.data?.items.filter(isWorkbook) ?? null;
  const source = keyResult.excelSource ?? null;
  const state = keyResult.excelState ?? null;
  const fields = ['sharingUrl', 'driveId', 'itemId', 'cell', 'name'];
  const formatTime = (at: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(at),
    );

  async function link() {
    const trimmed = reference.trim();
    const file = chosen
      ? { driveId: chosen.driveId, itemId: chosen.itemId }
      : { sharingUrl: workbook.trim() };
    const saved = await save.run((key) =>
      api.keyResults.linkExcel(
        keyResult.id,
        { version: keyResult.version, ...file, ...referenceOf(trimmed) },
        { idempotencyKey: key },
      ),
    );
    if (saved) {
      setWorkbook('');
      setReference('');
      setChosen(null);
      onChanged(saved);
    }
  }

  async function unlink() {
    const saved = await save.run(() =>
      api.keyResults.unlinkExcel(keyResult.id, { version: keyResult.version }),
    );
    if (saved) onChanged(saved);
  }

  if (source)
    return (
      <>
        <div className={styles.facts}>
          <span className={styles.source}>
            <TableRegular aria-hidden />
            <Body1>
              {source.label} in{' '}
              {source.webUrl ? (
                <Link href={source.webUrl} target="_blank" rel="noreferrer">
                  {source.fileName}
                </Link>
              ) : (
                source.fileName
              )}
            </Body1>
          </span>
          <Caption1 className={styles.muted}>
            {state?.lastReadAt
              ? `Last read ${formatTime(state.lastReadAt)}: ${state.lastText || state.lastValue}`
              : 'Not read yet: Throughline reads it once every check-in period.'}
          </Caption1>
        </div>
        {state?.lastError && (
          <MessageBar intent="warning" layout="multiline" role="status">
            <MessageBarBody>
              <MessageBarTitle>Excel could not be read</MessageBarTitle>
              {state.lastError.message} ({formatTime(state.lastError.at)})
            </MessageBarBody>
          </MessageBar>
        )}
        {save.failure !== undefined && (
          <ErrorBar
            title="Could not unlink the Excel source"
            error={save.failure}
            onRetry={() => void unlink()}
          />
        )}
        {keyResult.canEdit && (
          <div className={styles.actions}>
            <Button
              size="small"
              icon={<LinkDismissRegular />}
              disabled={save.isSaving}
              onClick={() => void unlink()}
            >
              Unlink
            </Button>
          </div>
        )}
      </>
    );

  if (!keyResult.canEdit)
    return (
      <Body1 className={styles.muted}>
        Not fed from Excel. Its owners can link it to a cell of a workbook in OneDrive or
        SharePoint.
      </Body1>
    );

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void link();
      }}
    >
      <Body1 className={styles.muted}>
        Link a cell or named range of an Excel workbook: Throughline reads it once every check-in
        period and checks in the value when it changed, with the workbook as evidence.
      </Body1>
      <Field
        label="Workbook"
        hint="Its sharing link (Share › Copy link in Excel, OneDrive or SharePoint), or part of its name to find it."
        required
        {...fieldState(
          save.fieldMessage('sharingUrl') ??
            save.fieldMessage('itemId') ??
            save.fieldMessage('driveId'),
        )}
      >
        <Input
          value={chosen ? chosen.name : workbook}
          onChange={(_event, data) => {
            setChosen(null);
            setWorkbook(data.value);
          }}
          placeholder="https://contoso.sharepoint.com/…/Pipeline.xlsx, or Pipeline"
        />
      </Field>
      {isSearch &&
        (hits.error ? (
          <Body1 role="alert">Could not search: {describeError(hits.error)}</Body1>
        ) : !workbooks ? (
          <Spinner size="tiny" label="Searching…" />
        ) : workbooks.length === 0 ? (
          <Body1 className={styles.muted}>No workbook you can open matches “{query}”.</Body1>
        ) : (
          <Field label="Workbooks found">
            <RadioGroup
              value=""
              onChange={(_event, data) =>
                setChosen(
                  workbooks.find((hit) => `${hit.driveId}/${hit.itemId}` === data.value) ?? null,
                )
              }
            >
              {workbooks.map((hit) => (
                <Radio
                  key={`${hit.driveId}/${hit.itemId}`}
                  value={`${hit.driveId}/${hit.itemId}`}
                  label={hit.name}
                />
              ))}
            </RadioGroup>
          </Field>
        ))}
      <Field
        label="Cell or named range"
        hint="A cell like Sheet1!B4, or a name defined in the workbook."
        required
        {...fieldState(save.fieldMessage('cell') ?? save.fieldMessage('name'))}
      >
        <Input
          value={reference}
          onChange={(_event, data) => setReference(data.value)}
          placeholder="Sheet1!B4"
        />
      </Field>
      {generalFailureOf(save.failure, save.fieldMessage, fields) !== undefined && (
        <ErrorBar title="Could not link the workbook" error={save.failure} />
      )}
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          size="small"
          disabled={save.isSaving || (!chosen && !isLink(workbook.trim())) || !reference.trim()}
        >
          {save.isSaving ? 'Linking…' : 'Link'}
        </Button>
      </div>
    </form>
  );
}
