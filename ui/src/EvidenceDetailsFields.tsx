import { Field, Select, Textarea } from '@fluentui/react-components';
import type { EvidenceVisibility } from '@throughline/contracts';
import { evidenceVisibilityLabels } from './evidence-visibility';

export type EvidenceDetailsFieldsProps = {
  note: string;
  onNoteChange: (note: string) => void;
  visibility: EvidenceVisibility;
  onVisibilityChange: (visibility: EvidenceVisibility) => void;
  disabled?: boolean;
  placeholder?: string;
};

/** Why a piece of evidence proves progress, and who may see it: the same two fields wherever evidence is attached. */
export function EvidenceDetailsFields({
  note,
  onNoteChange,
  visibility,
  onVisibilityChange,
  disabled,
  placeholder,
}: EvidenceDetailsFieldsProps) {
  return (
    <>
      <Field label="Why this proves progress (optional)">
        <Textarea
          value={note}
          onChange={(_event, data) => onNoteChange(data.value)}
          resize="vertical"
          maxLength={4000}
          disabled={disabled}
          placeholder={placeholder}
        />
      </Field>
      <Field label="Who can see it">
        <Select
          value={visibility}
          onChange={(_event, data) => onVisibilityChange(data.value as EvidenceVisibility)}
          disabled={disabled}
        >
          {(Object.keys(evidenceVisibilityLabels) as EvidenceVisibility[]).map((value) => (
            <option key={value} value={value}>
              {evidenceVisibilityLabels[value]}
            </option>
          ))}
        </Select>
      </Field>
    </>
  );
}
