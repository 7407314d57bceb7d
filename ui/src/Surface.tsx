/**
 * A card-shaped box for content that is read, not picked: the look of Fluent's filled,
 * medium `Card` (its background, radius, padding, shadow and high-contrast border) without
 * its selection and focus machinery. Fluent's `Card` always sets up a tabster focus group,
 * which brings that code and the card's styles for every state into the first screen of
 * the tab; a card nobody selects or tabs into needs none of it.
 */
import { makeResetStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { HTMLAttributes, ReactNode } from 'react';

const useSurfaceStyles = makeResetStyles({
  display: 'flex',
  flexDirection: 'column',
  gap: '12px',
  padding: '12px',
  position: 'relative',
  boxSizing: 'border-box',
  overflow: 'hidden',
  borderRadius: tokens.borderRadiusMedium,
  color: tokens.colorNeutralForeground1,
  backgroundColor: tokens.colorNeutralBackground1,
  boxShadow: tokens.shadow4,
  // The border Fluent's Card draws over its content: transparent, but drawn in high contrast.
  '::after': {
    position: 'absolute',
    inset: 0,
    content: '""',
    pointerEvents: 'none',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

export type SurfaceProps = HTMLAttributes<HTMLElement> & {
  /** The element it is: a `section` or an `article` when it has a heading of its own. */
  as?: 'div' | 'section' | 'article';
  children?: ReactNode;
};

export function Surface({ as: Element = 'div', className, children, ...props }: SurfaceProps) {
  const base = useSurfaceStyles();
  return (
    <Element {...props} className={mergeClasses('throughline-Surface', base, className)}>
      {children}
    </Element>
  );
}
