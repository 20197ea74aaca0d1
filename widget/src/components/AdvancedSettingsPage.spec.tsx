import {
  BACKFILL_API,
  SEGMENTS_API,
  WIDGET_API,
  type InstallationSettings,
} from '@heap-sync/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import es from '../i18n/es.json';
import { createFakeAjax, TEST_BACKEND_URL, type FakeAjax } from '../test-utils/fake-ajax';
import {
  backfillStatus,
  fieldsResponse,
  pipelinesResponse,
  segmentsResponse,
  settingsResponse,
} from '../test-utils/fixtures';
import { renderWidget } from '../test-utils/render-widget';
import { AdvancedSettingsPage } from './AdvancedSettingsPage';

function backend(overrides: Parameters<typeof createFakeAjax>[0] = {}): FakeAjax {
  return createFakeAjax({
    [`GET ${WIDGET_API.settings}`]: { body: settingsResponse() },
    [`GET ${WIDGET_API.fields}`]: { body: fieldsResponse },
    [`GET ${WIDGET_API.pipelines}`]: { body: pipelinesResponse },
    [`PUT ${WIDGET_API.settings}`]: { body: settingsResponse() },
    [`GET ${SEGMENTS_API.segments}`]: { body: segmentsResponse([]) },
    [`GET ${SEGMENTS_API.syncs}`]: { body: { syncs: [] } },
    [`GET ${BACKFILL_API}`]: { body: backfillStatus() },
    ...overrides,
  });
}

async function renderLoaded(ajax: FakeAjax, isAdmin: boolean | null = true) {
  const view = renderWidget(<AdvancedSettingsPage />, { ajax, isAdmin });

  await screen.findByLabelText('Heap app_id');
  await screen.findAllByRole('group', { name: 'Sales' });

  return view;
}

const wonGroup = () => screen.getByRole('group', { name: 'Won statuses' });
const lostGroup = () => screen.getByRole('group', { name: 'Lost statuses' });

describe('AdvancedSettingsPage', () => {
  it('loads the settings, the account fields and pipelines through the backend', async () => {
    const ajax = backend();
    await renderLoaded(ajax);

    // Once each: the segment and backfill sections below read their own state.
    await waitFor(() =>
      expect(ajax.calls.map((call) => `${call.method} ${call.path}`).sort()).toEqual(
        [
          `GET ${BACKFILL_API}`,
          `GET ${SEGMENTS_API.segments}`,
          `GET ${SEGMENTS_API.syncs}`,
          `GET ${WIDGET_API.fields}`,
          `GET ${WIDGET_API.pipelines}`,
          `GET ${WIDGET_API.settings}`,
        ].sort(),
      ),
    );
    expect(ajax.calls[0].options.url).toBe(`${TEST_BACKEND_URL}${WIDGET_API.settings}`);
    expect(screen.getByLabelText('Heap app_id')).toHaveValue('123456');
    expect(screen.getByText('Connected to Kommo account 30011.')).toBeInTheDocument();

    const planSelect = screen.getByLabelText('Plan field');
    expect(within(planSelect).getByRole('option', { name: 'Plan' })).toBeInTheDocument();
    expect(within(planSelect).getByRole('option', { name: 'Lead source' })).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('A contact field'));
    const contactSelect = screen.getByLabelText('Contact field with the identity');
    expect(within(contactSelect).getByRole('option', { name: 'Heap user ID' })).toBeInTheDocument();

    // The default: Kommo's system statuses in every pipeline, shown as such.
    const everyWon = within(wonGroup()).getByRole('group', { name: 'In every pipeline' });
    expect(within(everyWon).getByLabelText('Closed – won (status 142)')).toBeChecked();
    const everyLost = within(lostGroup()).getByRole('group', { name: 'In every pipeline' });
    expect(within(everyLost).getByLabelText('Closed – lost (status 143)')).toBeChecked();

    const sales = within(wonGroup()).getByRole('group', { name: 'Sales' });
    expect(within(sales).getByLabelText('Closed - won')).toBeChecked();
    expect(within(sales).getByLabelText('Closed - won')).toBeDisabled();
    expect(within(sales).getByLabelText('Contract signed')).not.toBeChecked();
    expect(within(wonGroup()).getByRole('group', { name: 'Renewals' })).toBeInTheDocument();
  });

  it('validates with the shared schema and shows each error beside its field', async () => {
    const ajax = backend();
    await renderLoaded(ajax);

    const appId = screen.getByLabelText('Heap app_id');
    await userEvent.clear(appId);
    await userEvent.type(appId, 'abc');
    await userEvent.click(screen.getByLabelText('A contact field'));
    const everyWon = within(wonGroup()).getByRole('group', { name: 'In every pipeline' });
    await userEvent.click(within(everyWon).getByLabelText('Closed – won (status 142)'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(appId).toHaveAttribute('aria-invalid', 'true');
    expect(appId).toHaveAccessibleDescription(
      expect.stringContaining(
        'The Heap app_id is the number shown under Account → Manage → Projects',
      ),
    );
    expect(screen.getByLabelText('Contact field with the identity')).toHaveAccessibleDescription(
      'Choose the contact field that holds the Heap identity',
    );
    expect(wonGroup()).toHaveAccessibleDescription('Choose at least one won status');
    expect(lostGroup()).not.toHaveAccessibleDescription();
    expect(ajax.callsTo('PUT', WIDGET_API.settings)).toHaveLength(0);
  });

  it('shows the server fieldErrors beside their fields', async () => {
    const ajax = backend({
      [`PUT ${WIDGET_API.settings}`]: {
        status: 422,
        body: {
          statusCode: 422,
          code: 'invalid_settings',
          message: 'Some settings are invalid',
          fieldErrors: {
            heapAppId: 'Heap does not know this app_id',
            planFieldId: 'This lead field was deleted in Kommo',
            'lostStatuses.0.statusId': 'This status no longer exists',
          },
        },
      },
    });
    await renderLoaded(ajax);

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Some settings are invalid')).toBeInTheDocument();
    expect(screen.getByLabelText('Heap app_id')).toHaveAccessibleDescription(
      expect.stringContaining('Heap does not know this app_id'),
    );
    expect(screen.getByLabelText('Plan field')).toHaveAccessibleDescription(
      expect.stringContaining('This lead field was deleted in Kommo'),
    );
    expect(lostGroup()).toHaveAccessibleDescription('This status no longer exists');
  });

  it('saves exactly the validated settings with PUT', async () => {
    const ajax = backend();
    await renderLoaded(ajax);

    const appId = screen.getByLabelText('Heap app_id');
    await userEvent.clear(appId);
    await userEvent.type(appId, ' 987654 ');
    await userEvent.selectOptions(screen.getByLabelText('Heap data region'), 'eu');
    await userEvent.click(screen.getByLabelText('A contact field'));
    await userEvent.selectOptions(screen.getByLabelText('Contact field with the identity'), '3002');
    await userEvent.click(screen.getByLabelText('Lowercase emails'));
    await userEvent.selectOptions(screen.getByLabelText('Plan field'), '2001');
    await userEvent.selectOptions(screen.getByLabelText('Source field'), '2002');
    const sales = within(wonGroup()).getByRole('group', { name: 'Sales' });
    await userEvent.click(within(sales).getByLabelText('Contract signed'));
    const renewals = within(lostGroup()).getByRole('group', { name: 'Renewals' });
    await userEvent.click(within(renewals).getByLabelText('Renewal due'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    const [put] = ajax.callsTo('PUT', WIDGET_API.settings);
    const expected: InstallationSettings = {
      heapAppId: '987654',
      heapRegion: 'eu',
      identity: { source: 'custom_field', contactFieldId: 3002, lowercaseEmail: false },
      planFieldId: 2001,
      sourceFieldId: 2002,
      wonStatuses: [
        { pipelineId: null, statusId: 142 },
        { pipelineId: 11, statusId: 1003 },
      ],
      lostStatuses: [
        { pipelineId: null, statusId: 143 },
        { pipelineId: 12, statusId: 1201 },
      ],
    };
    expect(put.body).toEqual(expected);
    expect(put.options).toMatchObject({
      url: `${TEST_BACKEND_URL}${WIDGET_API.settings}`,
      contentType: 'application/json',
      dataType: 'json',
    });
    // The saved settings are read back, and the backfill a first save starts.
    await waitFor(() => expect(ajax.callsTo('GET', WIDGET_API.settings)).toHaveLength(2));
    await waitFor(() => expect(ajax.callsTo('GET', BACKFILL_API)).toHaveLength(2));
  });

  it('sends a test event and shows ok and the Heap status', async () => {
    const ajax = backend({
      [`POST ${WIDGET_API.testEvent}`]: {
        body: { ok: true, heapStatus: 200, message: 'Event heap_sync_test sent to app 123456' },
      },
    });
    await renderLoaded(ajax);

    const send = screen.getByRole('button', { name: 'Send test event' });
    expect(send).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Identity to test'), ' ann@example.com ');
    await userEvent.click(send);

    const answer = await screen.findByRole('status');
    expect(answer).toHaveTextContent('Heap accepted the test event.');
    expect(answer).toHaveTextContent('Heap answered with HTTP status 200.');
    // On success the localized sentence says it all; the backend's English text is not repeated.
    expect(answer).not.toHaveTextContent('Event heap_sync_test sent to app 123456');
    expect(ajax.callsTo('POST', WIDGET_API.testEvent)[0].body).toEqual({
      identity: 'ann@example.com',
    });
  });

  it('shows a failed test event when Heap could not be reached', async () => {
    const ajax = backend({
      [`POST ${WIDGET_API.testEvent}`]: {
        body: { ok: false, heapStatus: null, message: 'Connection timed out' },
      },
    });
    await renderLoaded(ajax);

    await userEvent.type(screen.getByLabelText('Identity to test'), 'ann@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send test event' }));

    const answer = await screen.findByRole('status');
    expect(answer).toHaveTextContent('Heap did not accept the test event.');
    expect(answer).toHaveTextContent('Heap could not be reached.');
    expect(answer).toHaveTextContent('Connection timed out');
  });

  it("shows the backend's refusal of a test event beside the identity", async () => {
    const ajax = backend({
      [`POST ${WIDGET_API.testEvent}`]: {
        status: 400,
        body: {
          statusCode: 400,
          code: 'validation_failed',
          message: 'An identity is required',
          fieldErrors: { identity: 'Enter the identity of a Heap user, e.g. your email' },
        },
      },
    });
    await renderLoaded(ajax);

    await userEvent.type(screen.getByLabelText('Identity to test'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Send test event' }));

    expect(await screen.findByText('An identity is required')).toBeInTheDocument();
    expect(screen.getByLabelText('Identity to test')).toHaveAccessibleDescription(
      'Enter the identity of a Heap user, e.g. your email',
    );
  });

  it('offers a reconnect link when the installation needs re-authorization', async () => {
    const reconnectUrl = 'https://heap-sync.test/oauth/kommo/start?account=30011';
    const ajax = backend({
      [`GET ${WIDGET_API.settings}`]: {
        body: settingsResponse({
          installation: { accountId: 30011, status: 'needs_reauth', reconnectUrl },
        }),
      },
    });
    await renderLoaded(ajax);

    const link = screen.getByRole('link', { name: 'Reconnect' });
    expect(link).toHaveAttribute('href', reconnectUrl);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('referrerpolicy', 'no-referrer');
    expect(screen.getByText(/has lost access to this account/)).toBeInTheDocument();
  });

  it('says when the settings are still the defaults', async () => {
    const ajax = backend({
      [`GET ${WIDGET_API.settings}`]: { body: settingsResponse({ configured: false }) },
    });
    await renderLoaded(ajax);

    expect(screen.getByText(/Not configured yet/)).toBeInTheDocument();
  });

  it('is read-only for users Kommo reports as non-admins', async () => {
    const ajax = backend();
    await renderLoaded(ajax, false);

    expect(
      screen.getByText('Only account administrators can change these settings.'),
    ).toBeVisible();
    expect(screen.getByLabelText('Heap app_id')).toBeDisabled();
    expect(screen.getByLabelText('Plan field')).toBeDisabled();
    expect(within(wonGroup()).getByLabelText('Contract signed')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send test event' })).toBeDisabled();
  });

  it('is read-only when the backend says the caller cannot edit', async () => {
    const ajax = backend({
      [`GET ${WIDGET_API.settings}`]: { body: settingsResponse({ canEdit: false }) },
    });
    await renderLoaded(ajax, null);

    expect(
      screen.getByText('Only account administrators can change these settings.'),
    ).toBeVisible();
    expect(screen.getByLabelText('Heap app_id')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  });

  it("turns read-only and shows the backend's message when it answers 403", async () => {
    const ajax = backend({
      [`PUT ${WIDGET_API.settings}`]: {
        status: 403,
        body: {
          statusCode: 403,
          code: 'forbidden',
          message: 'Only Kommo account admins can change Heap Sync settings',
        },
      },
    });
    await renderLoaded(ajax, null);

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findAllByText('Only Kommo account admins can change Heap Sync settings'),
    ).not.toHaveLength(0);
    expect(
      screen.getByText('Only account administrators can change these settings.'),
    ).toBeVisible();
    expect(screen.getByLabelText('Heap app_id')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  });

  it('takes its texts from the dictionary it is given', async () => {
    const ajax = backend();
    renderWidget(<AdvancedSettingsPage />, { ajax, dictionary: es.ui });

    expect(await screen.findByLabelText('app_id de Heap')).toHaveValue('123456');
    expect(screen.getByRole('button', { name: 'Guardar' })).toBeInTheDocument();
  });
});
