/**
 * The alignment tree: company objectives down through team objectives to individual key
 * results, each with its rolled-up progress. Nested lists with disclosure buttons rather
 * than an ARIA tree widget: every row holds a link, and links inside role="treeitem" are
 * unreachable for many screen-reader users, while nested lists read naturally.
 */
import { Button, Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import {
  ChevronDownRegular,
  ChevronRightRegular,
  TargetArrowRegular,
  FlagRegular,
} from '@fluentui/react-icons';
import type { AlignmentNode } from '@throughline/contracts';
import { useState } from 'react';
import { KeyResultProgress } from './KeyResultProgress';
import { PersonAvatar } from './PersonAvatar';
import { ScoreBadge } from './ScoreBadge';
import { StatusBadge } from './StatusBadge';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, paddingLeft: 0 },
  nested: {
    listStyleType: 'none',
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXXL,
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    marginLeft: tokens.spacingHorizontalL,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: '32px 20px minmax(0, 1fr) auto auto auto minmax(120px, 180px)',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  title: { overflow: 'hidden', textOverflow: 'ellipsis' },
  level: { color: tokens.colorNeutralForeground3, display: 'block' },
  icon: { color: tokens.colorNeutralForeground3, fontSize: '18px', display: 'flex' },
});

export type AlignmentTreeProps = {
  roots: AlignmentNode[];
  /** Where a node's title links to; undefined renders plain text. */
  hrefFor: (node: AlignmentNode) => string | undefined;
  /** How many levels start open; deeper ones open on demand. */
  openDepth?: number;
  'aria-label': string;
};

export function AlignmentTree({
  roots,
  hrefFor,
  openDepth = 6,
  'aria-label': label,
}: AlignmentTreeProps) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {roots.map((node) => (
        <AlignmentTreeNode
          key={`${node.kind}:${node.id}`}
          node={node}
          depth={0}
          hrefFor={hrefFor}
          openDepth={openDepth}
        />
      ))}
    </ul>
  );
}

const levelLabels = {
  company: 'Company objective',
  team: 'Team objective',
  individual: 'Individual objective',
} as const;

function AlignmentTreeNode({
  node,
  depth,
  hrefFor,
  openDepth,
}: {
  node: AlignmentNode;
  depth: number;
  hrefFor: AlignmentTreeProps['hrefFor'];
  openDepth: number;
}) {
  const styles = useStyles();
  const [isOpen, setIsOpen] = useState(depth < openDepth);
  const hasChildren = node.children.length > 0;
  const href = hrefFor(node);
  const kindLabel = node.kind === 'keyResult' ? 'Key result' : levelLabels[node.level ?? 'team'];
  return (
    <li data-node-kind={node.kind}>
      <div className={styles.row}>
        {hasChildren ? (
          <Button
            appearance="subtle"
            size="small"
            icon={isOpen ? <ChevronDownRegular /> : <ChevronRightRegular />}
            aria-expanded={isOpen}
            aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${node.title}`}
            onClick={() => setIsOpen((value) => !value)}
          />
        ) : (
          <span />
        )}
        <span className={styles.icon} aria-hidden>
          {node.kind === 'keyResult' ? <TargetArrowRegular /> : <FlagRegular />}
        </span>
        <span className={styles.title}>
          <Caption1 className={styles.level}>{kindLabel}</Caption1>
          {href ? <Link href={href}>{node.title}</Link> : node.title}
        </span>
        <PersonAvatar personId={node.ownerId} isNameShown={false} role="Owner" size={24} />
        <StatusBadge status={node.status} size="small" />
        <span>
          <ScoreBadge score={node.score} size="small" />
        </span>
        <KeyResultProgress
          progress={node.progress}
          status={node.status}
          label={`Progress of ${node.title}`}
        />
      </div>
      {hasChildren && isOpen && (
        <ul className={styles.nested}>
          {node.children.map((child) => (
            <AlignmentTreeNode
              key={`${child.kind}:${child.id}`}
              node={child}
              depth={depth + 1}
              hrefFor={hrefFor}
              openDepth={openDepth}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
