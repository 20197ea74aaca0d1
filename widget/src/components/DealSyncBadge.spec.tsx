import { WIDGET_API } from '@heap-sync/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PENDING_REFETCH_MS } from '../hooks/useDealSync';
import { createFakeAjax, type Reply } from '../test-utils/fake-ajax';
import { dealSync, syncRecord } from '../test-utils/fixtures';
import { renderWidget } from '../test-utils/render-widget';
import { DealSyncBadge } from './DealSyncBadge';

const LEAD_ID = 5001;
const DEAL_PATH = WIDGET_API.dealSync(LEAD_ID);

function renderBadge(...replies: Reply[]) {
  const queue = [...replies];
  const ajax = createFakeAjax({
    [`GET ${DEAL_PATH}`]: () => (queue.length > 1 ? queue.shift()! : queue[0]),
  });

  renderWidget(<DealSyncBadge leadId={LEAD_ID} />, { ajax });

  return ajax;
}

async function findBadge() {
  return screen.findByRole('region', { name: 'Heap' });
}

describe('DealSyncBadge', () => {
  it('shows a synced deal with its last sync time and exactly what was sent', async () => {
    const ajax = renderBadge({
      body: dealSync('synced', [syncRecord()], '2026-03-02T10:00:05.000Z'),
    });

    const badge = await findBadge();
    expect(badge).toHaveAttribute('data-badge', 'synced');
    expect(within(badge).getAllByText('Synced')[0]).toBeInTheDocument();
    expect(badge).toHaveTextContent(/Last sent Mar 2, 2026/);
    expect(within(badge).getByText('What was sent')).toBeInTheDocument();
    expect(within(badge).getByText('crm_deal_won')).toBeInTheDocument();
    expect(within(badge).getByText('ann@example.com')).toBeInTheDocument();

    const eventProperties = within(badge).getByText('Event properties').parentElement!;
    expect(eventProperties).toHaveTextContent('deal_id5001');
    expect(eventProperties).toHaveTextContent('amount1200');
    expect(eventProperties).toHaveTextContent('pipelineSales');
    const userProperties = within(badge).getByText('User properties').parentElement!;
    expect(userProperties).toHaveTextContent('planPro');
    expect(userProperties).toHaveTextContent('lifetime_value1200');
    expect(within(badge).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    expect(ajax.calls[0].options).toMatchObject({
      method: 'GET',
      url: expect.stringContaining(DEAL_PATH),
    });
  });

  describe('while a record is pending', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it(`refetches every ${PENDING_REFETCH_MS} ms until nothing is pending`, async () => {
      const pending = syncRecord({ state: 'pending', syncedAt: null, attempts: 0 });
      const ajax = renderBadge(
        { body: dealSync('pending', [pending]) },
        { body: dealSync('pending', [pending]) },
        { body: dealSync('synced', [syncRecord()], '2026-03-02T10:00:05.000Z') },
      );

      const badge = await findBadge();
      expect(badge).toHaveAttribute('data-badge', 'pending');
      expect(badge).toHaveTextContent('Sending to Heap…');
      expect(badge).toHaveTextContent('Not sent to Heap yet');
      expect(within(badge).getByText('What will be sent')).toBeInTheDocument();
      expect(ajax.callsTo('GET', DEAL_PATH)).toHaveLength(1);

      await act(() => jest.advanceTimersByTimeAsync(PENDING_REFETCH_MS));
      expect(ajax.callsTo('GET', DEAL_PATH)).toHaveLength(2);

      await act(() => jest.advanceTimersByTimeAsync(PENDING_REFETCH_MS));
      expect(ajax.callsTo('GET', DEAL_PATH)).toHaveLength(3);
      await waitFor(() =>
        expect(screen.getByRole('region')).toHaveAttribute('data-badge', 'synced'),
      );

      // Nothing pending any more: polling stops.
      await act(() => jest.advanceTimersByTimeAsync(PENDING_REFETCH_MS * 3));
      expect(ajax.callsTo('GET', DEAL_PATH)).toHaveLength(3);
    });
  });

  it('shows why a deal was skipped', async () => {
    renderBadge({
      body: dealSync('skipped', [
        syncRecord({
          state: 'skipped',
          sent: null,
          syncedAt: null,
          lastError: 'The main contact has no email',
        }),
      ]),
    });

    const badge = await findBadge();
    expect(badge).toHaveAttribute('data-badge', 'skipped');
    expect(within(badge).getAllByText('Skipped')[0]).toBeInTheDocument();
    expect(badge).toHaveTextContent('Reason: The main contact has no email');
    expect(within(badge).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('shows why a deal is invalid', async () => {
    renderBadge({
      body: dealSync('invalid', [
        syncRecord({
          state: 'invalid',
          syncedAt: null,
          lastError: 'Heap rejected the identity: longer than 255 characters',
        }),
      ]),
    });

    const badge = await findBadge();
    expect(badge).toHaveAttribute('data-badge', 'invalid');
    expect(within(badge).getAllByText('Invalid')[0]).toBeInTheDocument();
    expect(badge).toHaveTextContent(
      'Reason: Heap rejected the identity: longer than 255 characters',
    );
  });

  it('retries a failed record through the retry endpoint, then refetches', async () => {
    const failed = syncRecord({
      id: 'rec-9',
      state: 'failed',
      attempts: 5,
      syncedAt: null,
      lastError: 'Heap answered 503 five times',
    });
    const ajax = renderBadge(
      { body: dealSync('failed', [failed]) },
      { body: dealSync('pending', [{ ...failed, state: 'pending', lastError: null }]) },
    );
    ajax.route(`POST ${WIDGET_API.retry(LEAD_ID, 'rec-9')}`, { body: { queued: true } });

    const badge = await findBadge();
    expect(badge).toHaveAttribute('data-badge', 'failed');
    expect(badge).toHaveTextContent('Reason: Heap answered 503 five times');
    expect(badge).toHaveTextContent('Attempts: 5');

    await userEvent.click(within(badge).getByRole('button', { name: 'Retry' }));

    await waitFor(() =>
      expect(screen.getByRole('region')).toHaveAttribute('data-badge', 'pending'),
    );
    const retries = ajax.callsTo('POST', WIDGET_API.retry(LEAD_ID, 'rec-9'));
    expect(retries).toHaveLength(1);
    expect(ajax.callsTo('GET', DEAL_PATH)).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('shows the error when a retry is refused', async () => {
    const failed = syncRecord({ state: 'failed', syncedAt: null, lastError: 'Heap answered 500' });
    const ajax = renderBadge({ body: dealSync('failed', [failed]) });
    ajax.route(`POST ${WIDGET_API.retry(LEAD_ID, failed.id)}`, {
      status: 409,
      body: { statusCode: 409, code: 'not_failed', message: 'This record is no longer failed' },
    });

    await userEvent.click(await screen.findByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This record is no longer failed');
  });

  it('says when nothing about the deal goes to Heap', async () => {
    renderBadge({ body: dealSync('not_applicable', []) });

    const badge = await findBadge();
    expect(badge).toHaveAttribute('data-badge', 'not_applicable');
    expect(within(badge).getByText('Not applicable')).toBeInTheDocument();
    expect(badge).toHaveTextContent('Nothing about this deal is sent to Heap.');
    expect(within(badge).queryByRole('list')).not.toBeInTheDocument();
  });

  it("shows the backend's message when the deal cannot be read", async () => {
    renderBadge({
      status: 401,
      body: { statusCode: 401, code: 'invalid_token', message: 'The widget token has expired' },
    });

    expect(await screen.findByRole('alert')).toHaveTextContent('The widget token has expired');
  });
});
