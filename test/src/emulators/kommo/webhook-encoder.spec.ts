import qs from 'qs';
import { KommoLead } from './kommo-types';
import { Json } from './spec-helpers';
import { encodeLeadWebhook } from './webhook-encoder';

const lead: KommoLead = {
  id: 10701093,
  name: 'Pro plan, annual',
  price: 22500,
  responsible_user_id: 2079676,
  group_id: 0,
  status_id: 142,
  pipeline_id: 9217056,
  loss_reason_id: null,
  created_by: 2076025,
  updated_by: 2079718,
  created_at: 1539782209,
  updated_at: 1539782664,
  closed_at: 1539782664,
  closest_task_at: null,
  custom_fields_values: [
    {
      field_id: 66339,
      field_name: 'Source',
      field_code: null,
      field_type: 'select',
      values: [{ value: 'Website', enum_id: 139517, enum_code: null }],
    },
    {
      field_id: 72333,
      field_name: 'Start date',
      field_code: null,
      field_type: 'date',
      values: [{ value: 1542067200 }],
    },
    {
      field_id: 497267,
      field_name: 'Paid',
      field_code: null,
      field_type: 'checkbox',
      values: [{ value: true }],
    },
    {
      field_id: 566642,
      field_name: 'Tier',
      field_code: null,
      field_type: 'radiobutton',
      values: [{ value: 'Gold', enum_id: 566643 }],
    },
  ],
  score: null,
  account_id: 17769199,
  labor_cost: null,
  is_deleted: false,
  _embedded: { tags: [{ id: 80147, name: 'returning' }], companies: [] },
};

// body-parser's extended urlencoded parser: qs with depth 32 and arrayLimit ≥ 100 (§5.8).
const parseLikeExpress = (body: string) =>
  qs.parse(body, { depth: 32, arrayLimit: 100, parameterLimit: 1000 });

describe('encodeLeadWebhook', () => {
  const body = encodeLeadWebhook({
    accountId: 17769199,
    subdomain: 'apfitness',
    origin: 'https://apfitness.kommo.com',
    events: [{ action: 'status', lead, oldStatusId: 20067736 }],
  });

  it('round-trips through qs into the legacy v2 shape', () => {
    expect(parseLikeExpress(body)).toEqual({
      leads: {
        status: [
          {
            id: '10701093',
            name: 'Pro plan, annual',
            status_id: '142',
            old_status_id: '20067736',
            price: '22500',
            responsible_user_id: '2079676',
            last_modified: '1539782664',
            modified_user_id: '2079718',
            created_user_id: '2076025',
            date_create: '1539782209',
            pipeline_id: '9217056',
            tags: [{ id: '80147', name: 'returning' }],
            account_id: '17769199',
            custom_fields: [
              { id: '66339', name: 'Source', values: [{ value: 'Website', enum: '139517' }] },
              { id: '72333', name: 'Start date', values: ['1542067200'] },
              { id: '497267', name: 'Paid', values: [{ value: '1' }] },
              { id: '566642', name: 'Tier', values: { value: 'Gold', enum: '566643' } },
            ],
            created_at: '1539782209',
            updated_at: '1539782664',
          },
        ],
      },
      account: {
        subdomain: 'apfitness',
        id: '17769199',
        _links: { self: 'https://apfitness.kommo.com' },
      },
    });
  });

  it('encodes like PHP http_build_query: brackets escaped, spaces as plus', () => {
    expect(body.startsWith('leads%5Bstatus%5D%5B0%5D%5Bid%5D=10701093&')).toBe(true);
    expect(body).toContain('leads%5Bstatus%5D%5B0%5D%5Bname%5D=Pro+plan%2C+annual&');
    expect(body.endsWith('account%5B_links%5D%5Bself%5D=https%3A%2F%2Fapfitness.kommo.com')).toBe(
      true,
    );
  });

  it('is mangled by bare qs.parse defaults, the trap §5.8 warns about', () => {
    const parsed = qs.parse(body) as Json;
    const values = parsed.leads.status[0].custom_fields[0].values;

    expect(values).toEqual({ '[0][value]': 'Website', '[0][enum]': '139517' });
  });

  it('batches several leads and actions, and sends only three fields on delete', () => {
    const second = {
      ...lead,
      id: 10701094,
      custom_fields_values: null,
      _embedded: { tags: [], companies: [] },
    };
    const parsed = parseLikeExpress(
      encodeLeadWebhook({
        accountId: 1,
        subdomain: 'acme',
        origin: 'https://acme.kommo.com',
        events: [
          { action: 'update', lead },
          { action: 'update', lead: second },
          { action: 'delete', lead: second },
        ],
      }),
    ) as Json;

    expect(parsed.leads.update.map((item: { id: string }) => item.id)).toEqual([
      '10701093',
      '10701094',
    ]);
    expect(parsed.leads.update[1].custom_fields).toBeUndefined();
    expect(parsed.leads.delete).toEqual([
      { id: '10701094', status_id: '142', pipeline_id: '9217056' },
    ]);
  });

  it('keeps account positions as custom_fields indices when given a field order', () => {
    const encoded = encodeLeadWebhook({
      accountId: 1,
      subdomain: 'acme',
      origin: 'https://acme.kommo.com',
      events: [{ action: 'add', lead }],
      fieldOrder: [66339, 1, 72333, 497267, 2, 3, 566642],
    });
    const keys = [...new URLSearchParams(encoded).keys()].filter((key) => key.endsWith('[id]'));

    expect(keys.filter((key) => key.includes('custom_fields'))).toEqual([
      'leads[add][0][custom_fields][0][id]',
      'leads[add][0][custom_fields][2][id]',
      'leads[add][0][custom_fields][3][id]',
      'leads[add][0][custom_fields][6][id]',
    ]);
  });
});
