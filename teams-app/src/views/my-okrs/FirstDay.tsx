/**
 * What My OKRs says before there is a cycle to set OKRs in, which on a new tenant also
 * means nobody runs Throughline yet: the directory admin is offered to set it up (and
 * becomes its first admin), an admin is sent to create the first cycle, and everyone else
 * is told who can.
 */
import { Button, Spinner } from '@fluentui/react-components';
import { SettingsRegular, TargetArrowRegular } from '@fluentui/react-icons';
import { EmptyState, ErrorBar, PersonAvatar, useApi, useResource, useSave } from '@throughline/ui';
import { hrefFor } from '../../app/router';

export function FirstDay() {
  const api = useApi();
  const setup = useResource(() => api.setup.get(), [api]);
  const save = useSave();

  async function becomeFirstAdmin() {
    const roster = await save.run(() => api.setup.becomeFirstAdmin());
    // The session learns the caller is an admin when it starts again.
    if (roster) {
      window.location.hash = hrefFor({ name: 'admin' });
      window.location.reload();
    }
  }

  if (setup.error)
    return <ErrorBar title="Could not load the setup" error={setup.error} onRetry={setup.reload} />;
  if (!setup.data) return <Spinner size="small" label="Loading…" />;
  const { canBecomeFirstAdmin, directoryRole, hasAdmin, isAdmin, adminIds } = setup.data;
  if (canBecomeFirstAdmin)
    return (
      <>
        <EmptyState
          title="Set up Throughline for your organisation"
          icon={<SettingsRegular />}
          actions={
            <Button appearance="primary" onClick={becomeFirstAdmin} disabled={save.isSaving}>
              {save.isSaving ? 'Setting up…' : 'Set up Throughline'}
            </Button>
          }
        >
          Nobody runs Throughline here yet. As a {directoryRole}, you can: you become its first
          admin, then create the first cycle and the teams, and make others admins.
        </EmptyState>
        {save.failure !== undefined && <ErrorBar title="Not set up" error={save.failure} />}
      </>
    );
  if (isAdmin)
    return (
      <EmptyState
        title="No OKR cycle yet"
        icon={<TargetArrowRegular />}
        actions={<a href={hrefFor({ name: 'admin' })}>Create the first cycle</a>}
      >
        People set their objectives for a cycle, usually a quarter. Create one in Admin, and
        everyone can set their OKRs here.
      </EmptyState>
    );
  return (
    <EmptyState title="No OKR cycle yet" icon={<TargetArrowRegular />}>
      OKRs are set for a cycle, usually a quarter.{' '}
      {hasAdmin
        ? 'An admin creates the cycles for your organisation; once one is open you can set your objectives here.'
        : 'Throughline is not set up here yet: a Global Administrator of your organisation sets it up by opening it. Ask your IT admin.'}
      {adminIds.length > 0 && (
        <span aria-label="Who to ask">
          {' '}
          Ask:{' '}
          {adminIds.map((id) => (
            <PersonAvatar key={id} personId={id} />
          ))}
        </span>
      )}
    </EmptyState>
  );
}
