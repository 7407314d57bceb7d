/**
 * Picks the key result or deliverable that a piece of evidence proves, from a flat list
 * with a search box: recently used on top, then mine, then my team's; everyone else's
 * appear once the person searches. Each section is a radio group sharing one name, so the
 * choices behave as one set of native radios (arrow keys, one selection).
 */
import {
  Badge,
  Caption1,
  Field,
  Radio,
  RadioGroup,
  SearchBox,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useMemo, useState } from 'react';
import {
  arrangeEvidenceTargets,
  targetKey,
  type EvidenceTargetGroup,
  type EvidenceTargetOption,
} from './evidence-targets';
import { StatusBadge } from './StatusBadge';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalS, minWidth: 0 },
  scroller: {
    maxHeight: '300px',
    overflowY: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  heading: {
    display: 'block',
    color: tokens.colorNeutralForeground3,
    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXXS}`,
  },
  group: { display: 'grid' },
  label: { display: 'grid', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  title: { overflowWrap: 'anywhere' },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
  },
  empty: { padding: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
});

const sectionTitles: Record<EvidenceTargetGroup, string> = {
  recent: 'Recently used',
  mine: 'My key results and deliverables',
  team: "My team's",
  organisation: 'Everyone else',
};

const deliverableStateLabels = {
  todo: 'To do',
  doing: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
} as const;

export type EvidenceTargetPickerProps = {
  label: string;
  options: EvidenceTargetOption[];
  /** Target keys (`keyResult:{id}`), most recent first. */
  recentKeys: string[];
  /** The chosen target's key, or null. */
  value: string | null;
  onChange: (option: EvidenceTargetOption) => void;
  /** Targets that already hold this evidence, marked so nobody attaches it twice by accident. */
  attachedKeys?: ReadonlySet<string>;
  isDisabled?: boolean;
  validationMessage?: string;
};

export function EvidenceTargetPicker({
  label,
  options,
  recentKeys,
  value,
  onChange,
  attachedKeys,
  isDisabled,
  validationMessage,
}: EvidenceTargetPickerProps) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const name = useId();
  const headingId = useId();
  const sections = useMemo(
    () => arrangeEvidenceTargets(options, recentKeys, search),
    [options, recentKeys, search],
  );
  const byKey = useMemo(
    () => new Map(options.map((option) => [targetKey(option), option])),
    [options],
  );
  const select = (key: string) => {
    const option = byKey.get(key);
    if (option) onChange(option);
  };

  return (
    <Field
      label={label}
      validationMessage={validationMessage}
      validationState={validationMessage ? 'error' : 'none'}
    >
      <div className={styles.root}>
        <SearchBox
          placeholder="Search key results and deliverables"
          value={search}
          onChange={(_event, data) => setSearch(data.value)}
          aria-label="Search key results and deliverables"
          disabled={isDisabled}
        />
        <div className={styles.scroller}>
          {sections.length === 0 && (
            <Text className={styles.empty} as="p">
              {search.trim()
                ? `Nothing matches “${search.trim()}”.`
                : 'There are no key results or deliverables in the current cycle yet.'}
            </Text>
          )}
          {sections.map((section) => (
            <div key={section.group} className={styles.group}>
              <Caption1 id={`${headingId}-${section.group}`} className={styles.heading}>
                {sectionTitles[section.group]}
              </Caption1>
              <RadioGroup
                name={name}
                value={value ?? ''}
                onChange={(_event, data) => select(data.value)}
                aria-labelledby={`${headingId}-${section.group}`}
                disabled={isDisabled}
              >
                {section.options.map((option) => (
                  <Radio
                    key={targetKey(option)}
                    value={targetKey(option)}
                    label={
                      <OptionLabel
                        option={option}
                        isAttached={attachedKeys?.has(targetKey(option)) ?? false}
                      />
                    }
                  />
                ))}
              </RadioGroup>
            </div>
          ))}
        </div>
      </div>
    </Field>
  );
}

function OptionLabel({
  option,
  isAttached,
}: {
  option: EvidenceTargetOption;
  isAttached: boolean;
}) {
  const styles = useStyles();
  return (
    <span className={styles.label}>
      <Text className={styles.title}>{option.title}</Text>
      <span className={styles.meta}>
        <Caption1>
          {option.kind === 'deliverable' ? 'Deliverable' : 'Key result'} · {option.objectiveTitle}
        </Caption1>
        {option.status && <StatusBadge status={option.status} size="small" />}
        {option.deliverableState && (
          <Badge appearance="outline" shape="rounded" size="small" color="informative">
            {deliverableStateLabels[option.deliverableState]}
          </Badge>
        )}
        {isAttached && (
          <Badge appearance="tint" shape="rounded" size="small" color="brand">
            Already attached
          </Badge>
        )}
      </span>
    </span>
  );
}
