/**
 * Picks what something aligns to (an objective's parent) or where it belongs (the key
 * result an email proves), from the alignment tree with a search box. Matches keep their
 * ancestors visible so "Grow revenue › EMEA pipeline" still reads as a path. One native
 * radio group: arrow keys move between choices, as people expect.
 */
import { Caption1, Field, Radio, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import type { AlignmentNode, AlignmentTarget } from '@throughline/contracts';
import { useId, useMemo, useState } from 'react';
import { StatusBadge } from './StatusBadge';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalS },
  scroller: {
    maxHeight: '280px',
    overflowY: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalXS,
  },
  list: { listStyleType: 'none', margin: 0, paddingLeft: 0 },
  nested: { listStyleType: 'none', margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  context: {
    color: tokens.colorNeutralForeground3,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    display: 'block',
  },
  empty: { padding: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
});

export type AlignmentTargetPickerProps = {
  label: string;
  roots: AlignmentNode[];
  value: AlignmentTarget | null;
  onChange: (value: AlignmentTarget | null) => void;
  selectableKinds: ReadonlyArray<AlignmentNode['kind']>;
  /** Offer "Not aligned" as a choice (objectives may stand alone; evidence may not). */
  noneLabel?: string;
  /** A node that may not be chosen, with its subtree (an objective cannot align under itself). */
  excludeId?: string;
  validationMessage?: string;
};

export function filterAlignmentNodes(
  roots: AlignmentNode[],
  search: string,
  excludeId?: string,
): AlignmentNode[] {
  const needle = search.trim().toLocaleLowerCase();
  const withoutExcluded = (nodes: AlignmentNode[]): AlignmentNode[] =>
    nodes
      .filter((node) => node.id !== excludeId)
      .map((node) => ({ ...node, children: withoutExcluded(node.children) }));
  const walk = (nodes: AlignmentNode[]): AlignmentNode[] =>
    nodes.flatMap((node) => {
      if (node.id === excludeId) return [];
      // A matching node shows everything under it, so "Revenue" lists what sits beneath it.
      if (needle === '' || node.title.toLocaleLowerCase().includes(needle))
        return [{ ...node, children: withoutExcluded(node.children) }];
      const children = walk(node.children);
      return children.length > 0 ? [{ ...node, children }] : [];
    });
  return walk(roots);
}

export function AlignmentTargetPicker({
  label,
  roots,
  value,
  onChange,
  selectableKinds,
  noneLabel,
  excludeId,
  validationMessage,
}: AlignmentTargetPickerProps) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const name = useId();
  const visible = useMemo(
    () => filterAlignmentNodes(roots, search, excludeId),
    [roots, search, excludeId],
  );
  const valueKey = value ? `${value.kind}:${value.id}` : 'none';

  const renderNodes = (nodes: AlignmentNode[], isNested: boolean) => (
    <ul className={isNested ? styles.nested : styles.list}>
      {nodes.map((node) => {
        const key = `${node.kind}:${node.id}`;
        const isSelectable = selectableKinds.includes(node.kind);
        return (
          <li key={key}>
            <div className={styles.row}>
              {isSelectable ? (
                <Radio
                  name={name}
                  value={key}
                  checked={valueKey === key}
                  onChange={() => onChange({ kind: node.kind, id: node.id })}
                  label={`${node.kind === 'keyResult' ? 'Key result: ' : ''}${node.title}`}
                />
              ) : (
                <Caption1 className={styles.context}>{node.title}</Caption1>
              )}
              <StatusBadge status={node.status} size="small" />
            </div>
            {node.children.length > 0 && renderNodes(node.children, true)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <Field
      label={label}
      validationMessage={validationMessage}
      validationState={validationMessage ? 'error' : 'none'}
    >
      <div className={styles.root}>
        <SearchBox
          placeholder="Search objectives and key results"
          value={search}
          onChange={(_event, data) => setSearch(data.value)}
          aria-label={`Search: ${label}`}
        />
        <div className={styles.scroller} role="radiogroup" aria-label={label}>
          {noneLabel && (
            <Radio
              name={name}
              value="none"
              checked={valueKey === 'none'}
              onChange={() => onChange(null)}
              label={noneLabel}
            />
          )}
          {visible.length === 0 ? (
            <div className={styles.empty}>
              {search
                ? `Nothing matches “${search}”.`
                : 'There is nothing to align to in this cycle yet.'}
            </div>
          ) : (
            renderNodes(visible, false)
          )}
        </div>
      </div>
    </Field>
  );
}
