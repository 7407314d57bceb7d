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
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { LinkDismissRegular, TableRegular } from '@fluentui/react-icons';
import type { KeyResultDetail } from '@throughline/contracts';
import { ErrorBar, useApi, useSave, useSession } from '@throughline/ui';
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
  const source = keyResult.excelSource ?? null;
  const state = keyResult.excelState ?? null;
  const fields = ['sharingUrl', 'cell', 'name'];
  const formatTime = (at: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(at),
    );

  async function link() {
    const trimmed = reference.trim();
    const saved = await save.run((key) =>
      api.keyResults.linkExcel(
        keyResult.id,
        { version: keyResult.version, sharingUrl: workbook.trim(), ...referenceOf(trimmed) },
        { idempotencyKey: key },
      ),
    );
    if (saved) {
      setWorkbook('');
      setReference('');
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
        label="Workbook link"
        hint="Share › Copy link in Excel, OneDrive or SharePoint."
        required
        {...fieldState(save.fieldMessage('sharingUrl'))}
      >
        <Input
          type="url"
          value={workbook}
          onChange={(_event, data) => setWorkbook(data.value)}
          placeholder="https://contoso.sharepoint.com/…/Pipeline.xlsx"
        />
      </Field>
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
          disabled={save.isSaving || !workbook.trim() || !reference.trim()}
        >
          {save.isSaving ? 'Linking…' : 'Link'}
        </Button>
      </div>
    </form>
  );
}
