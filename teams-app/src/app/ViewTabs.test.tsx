import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ViewTabs } from './ViewTabs';

const tabs = [
  { value: 'my', label: 'My OKRs' },
  { value: 'team', label: 'Team' },
  { value: 'digest', label: 'Your week' },
] as const;

describe('ViewTabs', () => {
  it('marks the view shown as the selected tab and opens another on a click', async () => {
    const onSelect = jest.fn();
    render(<ViewTabs tabs={tabs} selectedValue="team" onSelect={onSelect} />);
    expect(screen.getByRole('tablist')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Team' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tab', { name: 'My OKRs' }).getAttribute('aria-selected')).toBe(
      'false',
    );
    await userEvent.click(screen.getByRole('tab', { name: 'Your week' }));
    expect(onSelect).toHaveBeenCalledWith('digest');
  });

  it('enters at the selected tab, moves with the arrows round the ends and with Home and End, and opens on Enter', async () => {
    const onSelect = jest.fn();
    render(
      <>
        <button>Before</button>
        <ViewTabs tabs={tabs} selectedValue="team" onSelect={onSelect} />
      </>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Before' }));
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Team' }));
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Your week' }));
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'My OKRs' }));
    await userEvent.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Your week' }));
    await userEvent.keyboard('{Home}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'My OKRs' }));
    await userEvent.keyboard('{End}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Your week' }));
    expect(onSelect).not.toHaveBeenCalled();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith('digest');
    // One stop for Tab: the next one leaves the list.
    await userEvent.tab();
    expect(document.activeElement).toBe(document.body);
  });

  it('offers the first tab to Tab when the view shown is none of them', async () => {
    render(<ViewTabs tabs={tabs} selectedValue={null} onSelect={() => undefined} />);
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'My OKRs' }));
  });
});
