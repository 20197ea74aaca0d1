import { BACKFILL_API, SEGMENTS_API, WIDGET_API } from '@heap-sync/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BACKFILL_REFETCH_MS } from '../hooks/useBackfill';
import { createFakeAjax, type FakeAjax, type Reply } from '../test-utils/fake-ajax';
import {
  backfillProgress,
  backfillStatus,
  segmentsResponse,
  settingsResponse,
  syncRecord,
} from '../test-utils/fixtures';
import { renderWidget } from '../test-utils/render-widget';
import { AdvancedSettingsPage } from './AdvancedSettingsPage';
import { BackfillSection } from './BackfillSection';

const running = backfillProgress({
  status: 'running',
  dealsDone: 250,
  dealsTotal: 1000,
  dealsTotalExact: false,
  dealsPerMinute: 120.5,
  secondsLeft: 375,
  finishedAt: null,
  delivery: { pending: 40, synced: 200, failed: 10 },
  errors: { count: 2, last: 'Heap answered 503' },
});

/** GET answers the replies in turn, then keeps answering the last one. */
function backend(replies: Reply[], overrides: Parameters<typeof createFakeAjax>[0] = {}) {
  const queue = [...replies];

  return createFakeAjax({
    [`GET ${BACKFILL_API}`]: () => (queue.length > 1 ? queue.shift()! : queue[0]),
    ...overrides,
  });
}

function renderSection(ajax: FakeAjax, onForbidden = jest.fn()) {
  renderWidget(<BackfillSection readOnly={false} onForbidden={onForbidden} />, { ajax });
}

const latestRun = () => screen.getByRole('region', { name: 'Latest backfill' });
const latestDryRun = () => screen.getByRole('region', { name: 'Latest dry run' });
const runButton = () => screen.getByRole('button', { name: 'Run backfill' });
const dryRunButton = () => screen.getByRole('button', { name: 'Dry run' });
const conflict = (code: string, message: string): Reply => ({
  status: 409,
  body: { statusCode: 409, code, message },
});

describe('BackfillSection', () => {
  describe('while a backfill runs', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it(`shows its progress, refetched every ${BACKFILL_REFETCH_MS} ms until it is done`, async () => {
      const ajax = backend([
        { body: backfillStatus(running) },
        {
          body: backfillStatus({
            ...running,
            dealsDone: 700,
            dealsTotal: 1000,
            dealsTotalExact: true,
            secondsLeft: 40,
          }),
        },
        { body: backfillStatus(backfillProgress()) },
      ]);
      renderSection(ajax);

      await screen.findByText('Running');
      expect(latestRun()).toHaveTextContent('Deals250 of about 1,000');
      expect(latestRun()).toHaveTextContent('Rate120.5 deals per minute');
      expect(latestRun()).toHaveTextContent('Time left6 minutes');
      expect(latestRun()).toHaveTextContent('Errors2');
      expect(latestRun()).toHaveTextContent('Last error: Heap answered 503');
      expect(latestRun()).toHaveTextContent('Heap delivery200 sent, 40 pending, 10 failed');
      expect(within(latestRun()).getByRole('progressbar')).toHaveAttribute('value', '250');
      expect(runButton()).toBeDisabled();
      expect(dryRunButton()).toBeDisabled();
      expect(ajax.callsTo('GET', BACKFILL_API)).toHaveLength(1);

      await act(() => jest.advanceTimersByTimeAsync(BACKFILL_REFETCH_MS));
      expect(ajax.callsTo('GET', BACKFILL_API)).toHaveLength(2);
      await waitFor(() => expect(latestRun()).toHaveTextContent('Deals700 of 1,000'));
      expect(latestRun()).toHaveTextContent('Time left40 seconds');

      await act(() => jest.advanceTimersByTimeAsync(BACKFILL_REFETCH_MS));
      expect(ajax.callsTo('GET', BACKFILL_API)).toHaveLength(3);
      await waitFor(() => expect(latestRun()).toHaveTextContent('Done'));
      expect(latestRun()).toHaveTextContent('Deals1,200 of 1,200');
      expect(latestRun()).toHaveTextContent('Heap delivery1,150 sent, 0 pending, 0 failed');
      expect(latestRun()).not.toHaveTextContent('Time left');
      expect(within(latestRun()).queryByRole('progressbar')).not.toBeInTheDocument();
      expect(runButton()).toBeEnabled();

      // Done: no more polling.
      await act(() => jest.advanceTimersByTimeAsync(BACKFILL_REFETCH_MS * 3));
      expect(ajax.callsTo('GET', BACKFILL_API)).toHaveLength(3);
    });

    it('starts a backfill with POST and follows it', async () => {
      const queued = backfillProgress({
        status: 'queued',
        dealsDone: 0,
        dealsTotal: null,
        dealsTotalExact: false,
        dealsPerMinute: null,
        startedAt: null,
        finishedAt: null,
        delivery: { pending: 0, synced: 0, failed: 0 },
      });
      const ajax = backend([{ body: backfillStatus() }, { body: backfillStatus(running) }], {
        [`POST ${BACKFILL_API}`]: { status: 202, body: queued },
      });
      renderSection(ajax);

      expect(await screen.findByText('No backfill has run yet.')).toBeInTheDocument();
      await act(() => jest.advanceTimersByTimeAsync(BACKFILL_REFETCH_MS * 2));
      expect(ajax.callsTo('GET', BACKFILL_API)).toHaveLength(1);

      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      await user.click(runButton());

      await waitFor(() => expect(latestRun()).toHaveTextContent('Queued'));
      expect(ajax.callsTo('POST', BACKFILL_API).map((call) => call.body)).toEqual([
        { dryRun: false },
      ]);
      expect(latestRun()).toHaveTextContent('Started here');
      expect(latestRun()).toHaveTextContent('Deals0 (total not known yet)');
      expect(latestRun()).toHaveTextContent('Time leftNot known yet');
      expect(runButton()).toBeDisabled();

      await act(() => jest.advanceTimersByTimeAsync(BACKFILL_REFETCH_MS));
      await waitFor(() => expect(latestRun()).toHaveTextContent('Deals250 of about 1,000'));
    });
  });

  it('starts a dry run with dryRun true', async () => {
    const ajax = backend([{ body: backfillStatus(backfillProgress()) }], {
      [`POST ${BACKFILL_API}`]: {
        status: 202,
        body: backfillProgress({ id: 'bf-2', dryRun: true, status: 'queued', delivery: null }),
      },
    });
    renderSection(ajax);

    await userEvent.click(await screen.findByRole('button', { name: 'Dry run' }));

    await waitFor(() => expect(latestDryRun()).toHaveTextContent('Queued'));
    expect(ajax.callsTo('POST', BACKFILL_API)[0].body).toEqual({ dryRun: true });
    expect(ajax.callsTo('POST', BACKFILL_API)[0].options.contentType).toBe('application/json');
    // The real run's figures stay where they were.
    expect(latestRun()).toHaveTextContent('Done');
  });

  it.each([
    ['conflict', 'A backfill of this account is running'],
    ['conflict', 'Save the settings before a backfill'],
    ['installation_inactive', 'Reconnect the integration before a backfill'],
  ])("shows the backend's message for a 409 %s: %s", async (code, message) => {
    const ajax = backend([{ body: backfillStatus() }], {
      [`POST ${BACKFILL_API}`]: conflict(code, message),
    });
    renderSection(ajax);

    await userEvent.click(await screen.findByRole('button', { name: 'Run backfill' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    // Another run may have started meanwhile: the status is read again.
    await waitFor(() => expect(ajax.callsTo('GET', BACKFILL_API)).toHaveLength(2));
  });

  it('shows what a dry run would send, what it skips and why, and sample payloads', async () => {
    const { sent } = syncRecord();
    const dryRun = backfillProgress({
      id: 'bf-3',
      dryRun: true,
      delivery: null,
      report: {
        send: { won: 1204, plan_changed: 3, lost: 87 },
        skipped: { 'The main contact has no email': 12, 'The deal has no main contact': 30 },
        invalid: { 'The identity is longer than 255 characters': 1 },
        alreadySynced: 5,
        samples: [sent!, { ...sent!, identity: 'bob@example.com', idempotencyKey: 'k-2' }],
      },
    });
    renderSection(backend([{ body: backfillStatus(null, dryRun) }]));

    await screen.findByText('Events that would be sent');
    const region = latestDryRun();
    expect(region).toHaveTextContent('Deal won1,204');
    expect(region).toHaveTextContent('Plan changed3');
    expect(region).toHaveTextContent('Deal lost87');
    expect(region).toHaveTextContent('5 deals are already up to date in Heap.');
    const skipped = within(region).getByText('Deals skipped, and why').parentElement!;
    expect(skipped).toHaveTextContent(
      'The deal has no main contact30The main contact has no email12',
    );
    const invalid = within(region).getByText('Deals Heap would refuse, and why').parentElement!;
    expect(invalid).toHaveTextContent('The identity is longer than 255 characters1');
    expect(region).not.toHaveTextContent('Heap delivery');

    const samples = within(region).getAllByText('crm_deal_won');
    expect(samples).toHaveLength(2);
    expect(samples[1].closest('details')).toHaveTextContent('bob@example.com');
    await userEvent.click(samples[0]);
    const sample = samples[0].closest('details')!;
    expect(sample).toHaveAttribute('open');
    expect(within(sample).getByText('Event properties').parentElement).toHaveTextContent(
      'deal_id5001',
    );
    expect(within(sample).getByText('User properties').parentElement).toHaveTextContent('planPro');
    expect(screen.getByText('No backfill has run yet.')).toBeInTheDocument();
  });

  it('reports a 403 to the page', async () => {
    const refusal = { statusCode: 403, code: 'forbidden', message: 'Admins only' };
    const ajax = backend([{ body: backfillStatus() }], {
      [`POST ${BACKFILL_API}`]: { status: 403, body: refusal },
    });
    const onForbidden = jest.fn();
    renderSection(ajax, onForbidden);

    await userEvent.click(await screen.findByRole('button', { name: 'Dry run' }));

    await waitFor(() => expect(onForbidden).toHaveBeenCalledTimes(1));
  });

  it('shows the progress but no working buttons to a user who cannot edit', async () => {
    const ajax = createFakeAjax({
      [`GET ${WIDGET_API.settings}`]: { body: settingsResponse({ canEdit: false }) },
      [`GET ${WIDGET_API.fields}`]: { body: { leadFields: [], contactFields: [] } },
      [`GET ${WIDGET_API.pipelines}`]: { body: { pipelines: [] } },
      [`GET ${SEGMENTS_API.segments}`]: { body: segmentsResponse([], { url: null }) },
      [`GET ${SEGMENTS_API.syncs}`]: { body: { syncs: [] } },
      [`GET ${BACKFILL_API}`]: { body: backfillStatus(backfillProgress()) },
    });
    renderWidget(<AdvancedSettingsPage />, { ajax, isAdmin: null });

    await waitFor(() => expect(latestRun()).toHaveTextContent('Deals1,200 of 1,200'));
    expect(runButton()).toBeDisabled();
    expect(dryRunButton()).toBeDisabled();
  });
});
