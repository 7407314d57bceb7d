/**
 * The header's views (My OKRs, Team, 1-on-1s, Your week, Admin) as a tab list with the look
 * and keys of Fluent's medium, transparent `TabList`: the arrow keys move between tabs
 * (round the end), Home and End go to the first and last, Tab enters at the selected one,
 * and Enter, Space or a click opens a view. Fluent's TabList does this with tabster, which
 * with the tabs' styles was an eighth of the tab's first download; nothing else on the first
 * screen needs tabster, and the views that do load it with themselves.
 */
import {
  createCustomFocusIndicatorStyle,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useRef, useState, type KeyboardEvent } from 'react';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexDirection: 'row',
    flexShrink: 0,
    flexWrap: 'nowrap',
    alignItems: 'stretch',
    position: 'relative',
  },
  tab: {
    alignItems: 'center',
    justifyContent: 'center',
    border: 'none',
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    display: 'grid',
    flexShrink: 0,
    gridAutoFlow: 'column',
    gridTemplateColumns: 'auto',
    gridTemplateRows: 'auto',
    columnGap: tokens.spacingHorizontalSNudge,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalMNudge}`,
    fontFamily: tokens.fontFamilyBase,
    lineHeight: tokens.lineHeightBase300,
    outlineStyle: 'none',
    position: 'relative',
    overflow: 'hidden',
    textTransform: 'none',
    color: tokens.colorNeutralForeground2,
    backgroundColor: tokens.colorTransparentBackground,
    ':hover': {
      backgroundColor: tokens.colorTransparentBackgroundHover,
      color: tokens.colorNeutralForeground2Hover,
    },
    ':active': {
      backgroundColor: tokens.colorTransparentBackgroundPressed,
      color: tokens.colorNeutralForeground2Pressed,
    },
    // The line under a tab: grey under the pointer, the brand's colour under the selected one.
    ':hover::before': {
      content: '""',
      position: 'absolute',
      bottom: 0,
      height: tokens.strokeWidthThicker,
      left: tokens.spacingHorizontalM,
      right: tokens.spacingHorizontalM,
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: tokens.colorNeutralStroke1Hover,
    },
    ':active::before': { backgroundColor: tokens.colorNeutralStroke1Pressed },
    '@media (forced-colors: active)': {
      ':hover::before': { backgroundColor: 'Highlight' },
      ':active::before': { backgroundColor: 'Highlight' },
    },
  },
  // Fluent's own: the selected line uses ::after, so focus is a ring drawn as a shadow.
  focus: createCustomFocusIndicatorStyle(
    {
      ...shorthands.borderColor('transparent'),
      outlineWidth: tokens.strokeWidthThick,
      outlineColor: 'transparent',
      outlineStyle: 'solid',
      boxShadow: `${tokens.shadow4}, 0 0 0 ${tokens.strokeWidthThick} ${tokens.colorStrokeFocus2}`,
      zIndex: 1,
    },
    { enableOutline: true },
  ),
  selected: {
    color: tokens.colorNeutralForeground1,
    ':hover': { color: tokens.colorNeutralForeground1Hover },
    ':active': { color: tokens.colorNeutralForeground1Pressed },
    '::after': {
      content: '""',
      position: 'absolute',
      bottom: 0,
      height: tokens.strokeWidthThicker,
      left: tokens.spacingHorizontalM,
      right: tokens.spacingHorizontalM,
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: tokens.colorCompoundBrandStroke,
    },
    ':hover::after': { backgroundColor: tokens.colorCompoundBrandStrokeHover },
    ':active::after': { backgroundColor: tokens.colorCompoundBrandStrokePressed },
    '@media (forced-colors: active)': {
      '::after': { backgroundColor: 'ButtonText' },
      ':hover::after': { backgroundColor: 'ButtonText' },
      ':active::after': { backgroundColor: 'ButtonText' },
    },
  },
  content: {
    ...typographyStyles.body1,
    overflow: 'hidden',
    padding: `${tokens.spacingVerticalNone} ${tokens.spacingHorizontalXXS}`,
    gridColumnStart: 1,
    gridRowStart: 1,
  },
  contentSelected: typographyStyles.body1Strong,
  // The selected tab's bolder words, kept invisible under every other tab so that none
  // changes width when it is selected.
  reserved: { visibility: 'hidden' },
});

export type ViewTab<Value extends string> = { value: Value; label: string };

export type ViewTabsProps<Value extends string> = {
  tabs: readonly ViewTab<Value>[];
  /** The view shown, or null when it is none of the tabs (a key result, an objective). */
  selectedValue: Value | null;
  onSelect: (value: Value) => void;
};

export function ViewTabs<Value extends string>({
  tabs,
  selectedValue,
  onSelect,
}: ViewTabsProps<Value>) {
  const styles = useStyles();
  const listRef = useRef<HTMLDivElement>(null);
  // The tab that Tab lands on: the last one the arrows reached, else the selected one.
  const [current, setCurrent] = useState<Value | null>(null);
  const tabbable =
    tabs.find((tab) => tab.value === current)?.value ??
    tabs.find((tab) => tab.value === selectedValue)?.value ??
    tabs[0]?.value;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [
      ...(listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]') ?? []),
    ];
    const at = buttons.findIndex((button) => button === document.activeElement);
    if (at < 0 || buttons.length === 0) return;
    const next =
      event.key === 'ArrowRight'
        ? (at + 1) % buttons.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + buttons.length) % buttons.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? buttons.length - 1
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    buttons[next]!.focus();
    setCurrent(tabs[next]!.value);
  };

  return (
    <div
      ref={listRef}
      role="tablist"
      aria-orientation="horizontal"
      className={styles.list}
      onKeyDown={onKeyDown}
    >
      {tabs.map((tab) => {
        const isSelected = tab.value === selectedValue;
        return (
          <button
            key={tab.value}
            type="button"
            role="tab"
            aria-selected={isSelected}
            tabIndex={tab.value === tabbable ? 0 : -1}
            className={mergeClasses(styles.tab, styles.focus, isSelected && styles.selected)}
            onFocus={() => setCurrent(tab.value)}
            onClick={() => onSelect(tab.value)}
          >
            <span className={mergeClasses(styles.content, isSelected && styles.contentSelected)}>
              {tab.label}
            </span>
            {!isSelected && (
              <span
                className={mergeClasses(styles.content, styles.contentSelected, styles.reserved)}
                aria-hidden
              >
                {tab.label}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
