import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import { DevSignInPicker } from '@throughline/ui/src/DevSignInPicker';
import type { DevIdentity } from '@throughline/ui/src/dev-sign-in';

const useStyles = makeStyles({
  page: {
    maxWidth: '880px',
    margin: '0 auto',
    padding: tokens.spacingHorizontalXXL,
    display: 'grid',
    gap: tokens.spacingVerticalL,
  },
});

export type DevSignInPageProps = {
  devSignInUrl: string;
  onSignIn: (identity: DevIdentity) => void;
  isSigningIn: boolean;
};

/** Outside Teams, on a development server: choose who to be (the picker is shared with the add-in). */
export function DevSignInPage({ devSignInUrl, onSignIn, isSigningIn }: DevSignInPageProps) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Title2 as="h1">Sign in to Throughline</Title2>
      <DevSignInPicker
        isWide
        devSignInUrl={devSignInUrl}
        onSignIn={onSignIn}
        isSigningIn={isSigningIn}
        intro="You opened Throughline outside Microsoft Teams on a development server. Choose a demo person to sign in as; inside Teams, single sign-on does this for you."
      />
    </main>
  );
}
