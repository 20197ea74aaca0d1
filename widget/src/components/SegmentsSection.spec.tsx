import { BACKFILL_API, SEGMENTS_API, WIDGET_API, type SegmentRulesInput } from '@heap-sync/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ACTIVE_SYNC_REFETCH_MS } from '../hooks/useSegmentSyncs';
import { createFakeAjax, type FakeAjax, type Reply } from '../test-utils/fake-ajax';
import {
  backfillStatus,
  HEAP_WEBHOOK_URL,
  segmentRule,
  segmentsResponse,
  segmentSync,
  segmentUserRecord,
  settingsResponse,
} from '../test-utils/fixtures';
import { renderWidget } from '../test-utils/render-widget';
import { AdvancedSettingsPage } from './AdvancedSettingsPage';
import { RECORDS_PAGE_SIZE } from './SegmentSyncRecords';
import { SegmentsSection } from './SegmentsSection';

const RULE_ID = segmentRule().id;
const NEW_RULE_ID = '0b7c1d2e-0000-4000-8000-000000000002';

function backend(overrides: Parameters<typeof createFakeAjax>[0] = {}): FakeAjax {
  return createFakeAjax({
    [`GET ${SEGMENTS_API.segments}`]: { body: segmentsResponse() },
    [`GET ${SEGMENTS_API.syncs}`]: { body: { syncs: [] } },
    ...overrides,
  });
}

async function renderSection(ajax: FakeAjax, onForbidden = jest.fn()) {
  renderWidget(<SegmentsSection readOnly={false} onForbidden={onForbidden} />, { ajax });
  await screen.findByRole('group', { name: 'Rule 1' });

  return onForbidden;
}

const rule = (number: number) => screen.getByRole('group', { name: `Rule ${number}` });
const field = (number: number, label: string) => within(rule(number)).getByLabelText(label);
const webhook = () => screen.getByRole('region', { name: 'Heap webhook' });
const syncsRegion = () => screen.getByRole('region', { name: 'Recent segment syncs' });

describe('SegmentsSection', () => {
  describe('segment rules', () => {
    it('loads the rules and explains the placeholders of the task text', async () => {
      const ajax = backend({
        [`GET ${SEGMENTS_API.segments}`]: {
          body: segmentsResponse([
            segmentRule(),
            segmentRule({
              id: NEW_RULE_ID,
              heapSegmentId: 42,
              segmentName: 'Power users',
              taskText: 'Offer {segment} upgrade',
              taskTypeId: 7,
              dueInDays: 0,
              target: 'contact',
            }),
          ]),
        },
      });
      await renderSection(ajax);

      expect(ajax.callsTo('GET', SEGMENTS_API.segments)).toHaveLength(1);
      expect(field(1, 'Heap segment ID')).toHaveValue('1338065');
      expect(field(1, 'Segment name')).toHaveValue('Churn risk');
      expect(field(1, 'Task text')).toHaveValue('Call {identity}: entered {segment}');
      expect(field(1, 'Task text')).toHaveAccessibleDescription(
        "{identity} is replaced with the Heap user's identity (e.g. their email) and {segment} with the segment name.",
      );
      expect(field(1, 'Task type')).toHaveDisplayValue('Follow-up');
      expect(field(1, 'Due in (days)')).toHaveValue(3);
      expect(field(1, 'Task goes on')).toHaveDisplayValue("The contact's deal");
      expect(field(2, 'Segment name')).toHaveValue('Power users');
      // An account's own task type keeps its id.
      expect(field(2, 'Task type')).toHaveDisplayValue('Task type #7');
      expect(field(2, 'Due in (days)')).toHaveValue(0);
      expect(field(2, 'Task goes on')).toHaveDisplayValue('The contact');
    });

    it('validates with the shared schema and shows each error beside its field', async () => {
      const ajax = backend();
      await renderSection(ajax);

      await userEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
      await userEvent.type(field(2, 'Heap segment ID'), '1338065');
      await userEvent.clear(field(2, 'Due in (days)'));
      await userEvent.type(field(2, 'Due in (days)'), '400');
      await userEvent.clear(field(1, 'Task text'));
      await userEvent.click(screen.getByRole('button', { name: 'Update rules' }));

      expect(field(1, 'Task text')).toHaveAttribute('aria-invalid', 'true');
      expect(field(1, 'Task text')).toHaveAccessibleDescription(
        expect.stringContaining('Enter the task text'),
      );
      expect(field(1, 'Segment name')).not.toHaveAttribute('aria-invalid');
      expect(field(2, 'Heap segment ID')).toHaveAccessibleDescription(
        expect.stringContaining('This segment already has a rule'),
      );
      expect(field(2, 'Segment name')).toHaveAccessibleDescription('Enter the segment name');
      expect(field(2, 'Due in (days)')).toHaveAccessibleDescription('At most 365 days');
      expect(ajax.callsTo('PUT', SEGMENTS_API.rules)).toHaveLength(0);

      await userEvent.clear(field(2, 'Heap segment ID'));
      await userEvent.type(field(2, 'Heap segment ID'), 'abc');
      await userEvent.click(screen.getByRole('button', { name: 'Update rules' }));

      expect(field(2, 'Heap segment ID')).toHaveAccessibleDescription(
        expect.stringContaining('Enter the Heap segment id (a number)'),
      );
      expect(ajax.callsTo('PUT', SEGMENTS_API.rules)).toHaveLength(0);
    });

    it('saves exactly the validated rules with PUT and takes the saved ids', async () => {
      const saved = segmentsResponse([
        segmentRule({ segmentName: 'Churn risk (90 days)', dueInDays: 1, taskTypeId: 2 }),
        segmentRule({
          id: NEW_RULE_ID,
          heapSegmentId: 42,
          segmentName: 'Power users',
          taskText: 'Offer {segment} to {identity}',
          target: 'contact',
        }),
      ]);
      const ajax = backend({ [`PUT ${SEGMENTS_API.rules}`]: { body: saved } });
      await renderSection(ajax);

      await userEvent.clear(field(1, 'Segment name'));
      await userEvent.type(field(1, 'Segment name'), ' Churn risk (90 days) ');
      await userEvent.selectOptions(field(1, 'Task type'), 'Meeting');
      await userEvent.clear(field(1, 'Due in (days)'));
      await userEvent.type(field(1, 'Due in (days)'), '1');
      await userEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
      expect(within(rule(2)).queryByLabelText(/Upload a CSV/)).not.toBeInTheDocument();
      expect(rule(2)).toHaveTextContent('Update the rules first to upload a CSV for this segment.');
      await userEvent.type(field(2, 'Heap segment ID'), '42');
      await userEvent.type(field(2, 'Segment name'), 'Power users');
      await userEvent.type(field(2, 'Task text'), 'Offer {{segment} to {{identity}');
      await userEvent.selectOptions(field(2, 'Task goes on'), 'The contact');
      await userEvent.click(screen.getByRole('button', { name: 'Update rules' }));

      expect(await screen.findByText('Segment rules saved.')).toBeInTheDocument();
      const [put] = ajax.callsTo('PUT', SEGMENTS_API.rules);
      const expected: SegmentRulesInput = {
        rules: [
          {
            heapSegmentId: 1338065,
            segmentName: 'Churn risk (90 days)',
            taskText: 'Call {identity}: entered {segment}',
            taskTypeId: 2,
            dueInDays: 1,
            target: 'deal',
          },
          {
            heapSegmentId: 42,
            segmentName: 'Power users',
            taskText: 'Offer {segment} to {identity}',
            taskTypeId: 1,
            dueInDays: 3,
            target: 'contact',
          },
        ],
      };
      expect(put.body).toEqual(expected);
      expect(put.options).toMatchObject({ contentType: 'application/json', dataType: 'json' });
      // The new rule now has an id, so a CSV can be uploaded for it.
      expect(within(rule(2)).getByLabelText(/Upload a CSV/)).toBeInTheDocument();
    });

    it('removes a rule and saves the rest', async () => {
      const ajax = backend({
        [`GET ${SEGMENTS_API.segments}`]: {
          body: segmentsResponse([
            segmentRule(),
            segmentRule({ id: NEW_RULE_ID, heapSegmentId: 42, segmentName: 'Power users' }),
          ]),
        },
        [`PUT ${SEGMENTS_API.rules}`]: { body: segmentsResponse([]) },
      });
      await renderSection(ajax);

      await userEvent.click(within(rule(1)).getByRole('button', { name: 'Remove rule' }));
      expect(field(1, 'Segment name')).toHaveValue('Power users');
      await userEvent.click(within(rule(1)).getByRole('button', { name: 'Remove rule' }));
      await userEvent.click(screen.getByRole('button', { name: 'Update rules' }));

      await screen.findByText('Segment rules saved.');
      expect(ajax.callsTo('PUT', SEGMENTS_API.rules)[0].body).toEqual({ rules: [] });
      expect(screen.getByText(/No segment rules yet/)).toBeInTheDocument();
    });

    it('shows the server fieldErrors beside their fields and the rest by the button', async () => {
      const ajax = backend({
        [`PUT ${SEGMENTS_API.rules}`]: {
          status: 400,
          body: {
            statusCode: 400,
            code: 'validation_failed',
            message: 'Some segment rules are invalid',
            fieldErrors: {
              'rules.0.taskTypeId': 'Kommo has no task type 1 in this account',
              rules: 'At most 50 segments',
            },
          },
        },
      });
      await renderSection(ajax);

      await userEvent.click(screen.getByRole('button', { name: 'Update rules' }));

      expect(await screen.findByText('Some segment rules are invalid')).toBeInTheDocument();
      expect(field(1, 'Task type')).toHaveAccessibleDescription(
        'Kommo has no task type 1 in this account',
      );
      expect(screen.getByText('At most 50 segments')).toBeInTheDocument();
    });

    it('reports a 403 on save to the page', async () => {
      const refusal = {
        statusCode: 403,
        code: 'forbidden',
        message: 'Only Kommo account admins can change Heap Sync settings',
      };
      const ajax = backend({ [`PUT ${SEGMENTS_API.rules}`]: { status: 403, body: refusal } });
      const onForbidden = await renderSection(ajax);

      await userEvent.click(screen.getByRole('button', { name: 'Update rules' }));

      await waitFor(() => expect(onForbidden).toHaveBeenCalledTimes(1));
      expect(onForbidden.mock.calls[0][0]).toMatchObject({ statusCode: 403 });
    });
  });

  describe('Heap webhook', () => {
    it('copies the URL for Heap', async () => {
      const user = userEvent.setup();
      await renderSection(backend());

      expect(within(webhook()).getByLabelText('Webhook URL for Heap')).toHaveValue(
        HEAP_WEBHOOK_URL,
      );
      await user.click(within(webhook()).getByRole('button', { name: 'Copy' }));

      expect(await within(webhook()).findByText('URL copied.')).toBeInTheDocument();
      await expect(navigator.clipboard.readText()).resolves.toBe(HEAP_WEBHOOK_URL);
    });

    it('rotates the URL after a confirmation and shows the new one', async () => {
      const rotatedUrl = 'https://heap-sync.test/api/heap/segments/tok_2';
      const ajax = backend({
        [`POST ${SEGMENTS_API.rotateWebhookUrl}`]: {
          body: segmentsResponse([segmentRule()], { url: rotatedUrl }),
        },
      });
      await renderSection(ajax);

      await userEvent.click(within(webhook()).getByRole('button', { name: 'Rotate URL' }));
      expect(within(webhook()).getByRole('alert')).toHaveTextContent(
        'The current URL stops working at once',
      );
      await userEvent.click(within(webhook()).getByRole('button', { name: 'Cancel' }));
      expect(ajax.callsTo('POST', SEGMENTS_API.rotateWebhookUrl)).toHaveLength(0);

      await userEvent.click(within(webhook()).getByRole('button', { name: 'Rotate URL' }));
      await userEvent.click(within(webhook()).getByRole('button', { name: 'Rotate now' }));

      expect(
        await within(webhook()).findByText('New URL ready. Paste it into Heap.'),
      ).toBeVisible();
      expect(within(webhook()).getByLabelText('Webhook URL for Heap')).toHaveValue(rotatedUrl);
      const [rotate] = ajax.callsTo('POST', SEGMENTS_API.rotateWebhookUrl);
      expect(rotate.body).toBeUndefined();
    });

    it('asks an admin to rotate when the URL can no longer be shown', async () => {
      const ajax = backend({
        [`GET ${SEGMENTS_API.segments}`]: {
          body: segmentsResponse([segmentRule()], { url: null }),
        },
      });
      await renderSection(ajax);

      expect(webhook()).toHaveTextContent('This URL can no longer be shown. Rotate it');
      expect(within(webhook()).queryByRole('button', { name: 'Copy' })).not.toBeInTheDocument();
      expect(within(webhook()).getByRole('button', { name: 'Rotate URL' })).toBeEnabled();
    });

    it('sets the write-only secret key and says since when it is set', async () => {
      const ajax = backend({
        [`PUT ${SEGMENTS_API.webhookSecret}`]: {
          body: segmentsResponse([segmentRule()], {
            secretSet: true,
            secretUpdatedAt: '2026-03-04T12:30:00.000Z',
          }),
        },
      });
      await renderSection(ajax);

      expect(webhook()).toHaveTextContent(
        "No webhook secret key is set yet, so Heap's syncs are refused.",
      );
      const secret = within(webhook()).getByLabelText('Webhook secret key');
      expect(secret).toHaveAttribute('type', 'password');
      await userEvent.type(secret, 'short');
      await userEvent.click(within(webhook()).getByRole('button', { name: 'Set secret key' }));

      expect(secret).toHaveAccessibleDescription(
        expect.stringContaining('The secret key is at least 8 characters'),
      );
      expect(ajax.callsTo('PUT', SEGMENTS_API.webhookSecret)).toHaveLength(0);

      await userEvent.clear(secret);
      await userEvent.type(secret, ' whsec_0123456789abcdef ');
      await userEvent.click(within(webhook()).getByRole('button', { name: 'Set secret key' }));

      expect(await within(webhook()).findByText('Secret key saved.')).toBeInTheDocument();
      expect(ajax.callsTo('PUT', SEGMENTS_API.webhookSecret)[0].body).toEqual({
        secret: 'whsec_0123456789abcdef',
      });
      expect(webhook()).toHaveTextContent(
        'A webhook secret key is set (since Mar 4, 2026, 12:30 PM).',
      );
      // Write-only: the field is emptied and now offers a replacement.
      expect(within(webhook()).getByLabelText('New webhook secret key')).toHaveValue('');
    });
  });

  describe('CSV upload', () => {
    it('sends the file content as text/csv and shows the accepted count', async () => {
      const csv = 'identity\r\nann@example.com\r\nbob@example.com\r\nann@example.com\r\n';
      const ajax = backend({
        [`POST ${SEGMENTS_API.upload(RULE_ID)}`]: {
          body: { sync: segmentSync({ source: 'csv', status: 'processing' }), accepted: 2 },
        },
      });
      await renderSection(ajax);

      const input = field(1, "Upload a CSV of this segment's users");
      const upload = within(rule(1)).getByRole('button', { name: 'Upload' });
      expect(upload).toBeDisabled();
      await userEvent.upload(input, new File([csv], 'churn.csv', { type: 'text/csv' }));
      await userEvent.click(upload);

      expect(await within(rule(1)).findByRole('status')).toHaveTextContent(
        'File accepted: 2 users queued.',
      );
      const [sent] = ajax.callsTo('POST', SEGMENTS_API.upload(RULE_ID));
      expect(sent.body).toBe(csv);
      expect(sent.options).toMatchObject({ contentType: 'text/csv', dataType: 'json' });
      // The new sync shows in the list.
      await waitFor(() => expect(ajax.callsTo('GET', SEGMENTS_API.syncs)).toHaveLength(2));
    });

    it("shows the backend's objection to the file beside the file input", async () => {
      const problem = 'The file has several columns: name the one with the users "identity"';
      const ajax = backend({
        [`POST ${SEGMENTS_API.upload(RULE_ID)}`]: {
          status: 400,
          body: {
            statusCode: 400,
            code: 'validation_failed',
            message: problem,
            fieldErrors: { file: problem },
          },
        },
      });
      await renderSection(ajax);

      const input = field(1, "Upload a CSV of this segment's users");
      await userEvent.upload(input, new File(['a,b\n1,2\n'], 'export.csv', { type: 'text/csv' }));
      await userEvent.click(within(rule(1)).getByRole('button', { name: 'Upload' }));

      await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
      expect(input).toHaveAccessibleDescription(expect.stringContaining(problem));
    });
  });

  describe('segment syncs', () => {
    it('lists the recent syncs with their counts per outcome', async () => {
      const ajax = backend({
        [`GET ${SEGMENTS_API.syncs}`]: {
          body: {
            syncs: [
              segmentSync(),
              segmentSync({
                id: 'sync-2',
                source: 'csv',
                heapSegmentId: 99,
                segmentName: 'Old segment',
                ruleId: null,
                note: 'No rule for this segment',
                counts: { pending: 0, created: 0, already_had_task: 0, no_contact: 0, failed: 0 },
              }),
            ],
          },
        },
      });
      await renderSection(ajax);

      const heap = await within(syncsRegion()).findByRole('listitem', {
        name: 'Churn risk (segment 1338065)',
      });
      expect(heap).toHaveTextContent('From Heap');
      expect(heap).toHaveTextContent('Done');
      expect(heap).toHaveTextContent('Task created7');
      expect(heap).toHaveTextContent('Already had a task2');
      expect(heap).toHaveTextContent('No matching contact3');
      expect(heap).toHaveTextContent('Failed1');
      expect(heap).not.toHaveTextContent('Pending');
      const csv = within(syncsRegion()).getByRole('listitem', {
        name: 'Old segment (segment 99)',
      });
      expect(csv).toHaveTextContent('CSV upload');
      expect(csv).toHaveTextContent('No rule for this segment');
    });

    it('shows the per-user records of a sync when expanded, a page at a time', async () => {
      const recordsPath = SEGMENTS_API.syncRecords('sync-1');
      const ajax = backend({
        [`GET ${SEGMENTS_API.syncs}`]: { body: { syncs: [segmentSync()] } },
        [`GET ${recordsPath}`]: (call) => ({
          body: {
            sync: segmentSync(),
            total: RECORDS_PAGE_SIZE + 2,
            records:
              call.query.offset === '0'
                ? [
                    segmentUserRecord(),
                    segmentUserRecord({
                      id: 'user-2',
                      identity: 'zoe@example.com',
                      state: 'no_contact',
                      reason: 'No Kommo contact has this email',
                      contactId: null,
                      leadId: null,
                      kommoTaskId: null,
                    }),
                  ]
                : [
                    segmentUserRecord({
                      id: 'user-51',
                      identity: 'max@example.com',
                      state: 'failed',
                      reason: 'Kommo answered 400: task text too long',
                      kommoTaskId: null,
                      attempts: 3,
                    }),
                  ],
          },
        }),
      });
      await renderSection(ajax);

      const item = await within(syncsRegion()).findByRole('listitem', {
        name: 'Churn risk (segment 1338065)',
      });
      const toggle = within(item).getByRole('button', { name: 'Show users' });
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      expect(ajax.callsTo('GET', recordsPath)).toHaveLength(0);
      await userEvent.click(toggle);

      const table = await within(item).findByRole('table', { name: 'Users of this sync' });
      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      const rows = within(table).getAllByRole('row');
      expect(rows[1]).toHaveTextContent('ann@example.com');
      expect(rows[1]).toHaveTextContent('Task created');
      expect(rows[1]).toHaveTextContent('Contact 3101 · Deal 5001 · Task 9001');
      expect(rows[2]).toHaveTextContent('zoe@example.com');
      expect(rows[2]).toHaveTextContent('No matching contact');
      expect(rows[2]).toHaveTextContent('No Kommo contact has this email');
      expect(item).toHaveTextContent('1–2 of 52');
      expect(ajax.callsTo('GET', recordsPath).map((call) => call.query)).toEqual([
        { limit: String(RECORDS_PAGE_SIZE), offset: '0' },
      ]);

      await userEvent.click(within(item).getByRole('button', { name: 'Next' }));
      expect(await within(item).findByText('max@example.com')).toBeInTheDocument();
      expect(item).toHaveTextContent('Kommo answered 400: task text too long');
      expect(item).toHaveTextContent('Attempts: 3');
      expect(item).toHaveTextContent('51–51 of 52');
      expect(within(item).getByRole('button', { name: 'Next' })).toBeDisabled();

      await userEvent.selectOptions(within(item).getByLabelText('Show'), 'Failed');
      await waitFor(() => expect(ajax.callsTo('GET', recordsPath)).toHaveLength(3));
      expect(ajax.callsTo('GET', recordsPath)[2].query).toEqual({
        state: 'failed',
        limit: String(RECORDS_PAGE_SIZE),
        offset: '0',
      });

      await userEvent.click(within(item).getByRole('button', { name: 'Hide users' }));
      expect(within(item).queryByRole('table')).not.toBeInTheDocument();
    });

    describe('while a sync is processing', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      it(`refetches every ${ACTIVE_SYNC_REFETCH_MS} ms until it is done`, async () => {
        const now = new Date().toISOString();
        const processing = segmentSync({
          status: 'processing',
          updatedAt: now,
          counts: { pending: 5, created: 1, already_had_task: 0, no_contact: 0, failed: 0 },
        });
        const replies: Reply[] = [
          { body: { syncs: [processing] } },
          { body: { syncs: [segmentSync({ updatedAt: now })] } },
        ];
        const ajax = backend({
          [`GET ${SEGMENTS_API.syncs}`]: () => (replies.length > 1 ? replies.shift()! : replies[0]),
        });
        renderWidget(<SegmentsSection readOnly={false} onForbidden={jest.fn()} />, { ajax });

        const item = await screen.findByRole('listitem', { name: /Churn risk/ });
        expect(item).toHaveTextContent('Processing');
        expect(item).toHaveTextContent('Pending5');

        await act(() => jest.advanceTimersByTimeAsync(ACTIVE_SYNC_REFETCH_MS));
        await waitFor(() => expect(item).toHaveTextContent('Done'));
        expect(ajax.callsTo('GET', SEGMENTS_API.syncs)).toHaveLength(2);

        await act(() => jest.advanceTimersByTimeAsync(ACTIVE_SYNC_REFETCH_MS * 3));
        expect(ajax.callsTo('GET', SEGMENTS_API.syncs)).toHaveLength(2);
      });
    });
  });

  it('lets a user who cannot edit read everything and change nothing', async () => {
    const ajax = createFakeAjax({
      [`GET ${WIDGET_API.settings}`]: { body: settingsResponse({ canEdit: false }) },
      [`GET ${WIDGET_API.fields}`]: { body: { leadFields: [], contactFields: [] } },
      [`GET ${WIDGET_API.pipelines}`]: { body: { pipelines: [] } },
      [`GET ${SEGMENTS_API.segments}`]: { body: segmentsResponse([segmentRule()], { url: null }) },
      [`GET ${SEGMENTS_API.syncs}`]: { body: { syncs: [segmentSync()] } },
      [`GET ${SEGMENTS_API.syncRecords('sync-1')}`]: {
        body: { sync: segmentSync(), total: 1, records: [segmentUserRecord()] },
      },
      [`GET ${BACKFILL_API}`]: { body: backfillStatus() },
    });
    renderWidget(<AdvancedSettingsPage />, { ajax, isAdmin: null });

    await screen.findByRole('group', { name: 'Rule 1' });
    expect(field(1, 'Segment name')).toHaveValue('Churn risk');
    for (const label of ['Heap segment ID', 'Segment name', 'Task text', 'Task type']) {
      expect(field(1, label)).toBeDisabled();
    }
    expect(field(1, "Upload a CSV of this segment's users")).toBeDisabled();
    expect(within(rule(1)).getByRole('button', { name: 'Remove rule' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add a rule' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Update rules' })).toBeDisabled();
    expect(webhook()).toHaveTextContent('Only account administrators can see the URL.');
    expect(within(webhook()).getByRole('button', { name: 'Rotate URL' })).toBeDisabled();
    expect(within(webhook()).getByLabelText('Webhook secret key')).toBeDisabled();
    expect(within(webhook()).getByRole('button', { name: 'Set secret key' })).toBeDisabled();

    // Reading stays possible.
    await userEvent.click(await screen.findByRole('button', { name: 'Show users' }));
    expect(await screen.findByRole('table', { name: 'Users of this sync' })).toHaveTextContent(
      'ann@example.com',
    );
    expect(ajax.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });
});
