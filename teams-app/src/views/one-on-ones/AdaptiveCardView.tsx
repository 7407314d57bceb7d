import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';

const useStyles = makeStyles({
  root: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
    '& .ac-adaptiveCard': { backgroundColor: `${tokens.colorNeutralBackground1} !important` },
    // The renderer leaves buttons unstyled; these follow Fluent's secondary button.
    '& .ac-pushButton': {
      cursor: 'pointer',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
      borderRadius: tokens.borderRadiusMedium,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
      backgroundColor: tokens.colorNeutralBackground1,
      color: tokens.colorNeutralForeground1,
      fontFamily: tokens.fontFamilyBase,
      fontWeight: tokens.fontWeightSemibold,
    },
    '& .ac-pushButton:hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
});

export type AdaptiveCardViewProps = {
  /** Adaptive Card JSON, as Teams would receive it. */
  card: Record<string, unknown>;
  /** What the card's Action.OpenUrl does here (inside the tab, links to the tab stay in it). */
  onOpenUrl: (url: string) => void;
  label: string;
};

/**
 * Renders the same card JSON Teams gets, with the official renderer, loaded on first use
 * so the tab's first screen stays small. Colours and fonts come from Fluent tokens (CSS
 * variables), so the card follows the Teams theme.
 */
export function AdaptiveCardView({ card, onOpenUrl, label }: AdaptiveCardViewProps) {
  const styles = useStyles();
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [isReady, setIsReady] = useState(false);
  const openUrl = useRef(onOpenUrl);
  openUrl.current = onOpenUrl;

  useEffect(() => {
    let isCurrent = true;
    void import('adaptivecards').then(
      (AC) => {
        if (!isCurrent || !container.current) return;
        const adaptive = new AC.AdaptiveCard();
        adaptive.hostConfig = new AC.HostConfig(hostConfig());
        adaptive.onExecuteAction = (action) => {
          if (action instanceof AC.OpenUrlAction && action.url) openUrl.current(action.url);
        };
        adaptive.parse(card);
        const element = adaptive.render();
        container.current.replaceChildren(...(element ? [element] : []));
        setIsReady(true);
      },
      (reason: unknown) =>
        isCurrent && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      isCurrent = false;
    };
  }, [card]);

  return (
    <section className={styles.root} aria-label={label}>
      {!isReady && !error && <Spinner size="small" label="Drawing the card" />}
      {error && <p role="alert">The card could not be drawn: {error}</p>}
      <div ref={container} />
    </section>
  );
}

function hostConfig() {
  const color = (normal: string, subtle: string) => ({ default: normal, subtle });
  const foreground = {
    default: color(tokens.colorNeutralForeground1, tokens.colorNeutralForeground3),
    dark: color(tokens.colorNeutralForeground1, tokens.colorNeutralForeground2),
    light: color(tokens.colorNeutralForeground3, tokens.colorNeutralForeground4),
    accent: color(tokens.colorBrandForeground1, tokens.colorBrandForeground2),
    good: color(tokens.colorPaletteGreenForeground1, tokens.colorPaletteGreenForeground2),
    warning: color(
      tokens.colorPaletteDarkOrangeForeground1,
      tokens.colorPaletteDarkOrangeForeground2,
    ),
    attention: color(tokens.colorPaletteRedForeground1, tokens.colorPaletteRedForeground2),
  };
  return {
    fontFamily: tokens.fontFamilyBase,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 28, padding: 16 },
    containerStyles: {
      default: { backgroundColor: tokens.colorNeutralBackground1, foregroundColors: foreground },
      emphasis: { backgroundColor: tokens.colorNeutralBackground3, foregroundColors: foreground },
    },
    actions: {
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      buttonSpacing: 8,
      maxActions: 3,
      showCard: { actionMode: 'inline' },
    },
  };
}
