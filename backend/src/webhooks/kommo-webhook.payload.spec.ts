import { parseKommoWebhook } from './kommo-webhook.payload';

const trailer =
  'account[subdomain]=acme&account[id]=30739638&account[_links][self]=https://acme.amocrm.ru';

describe('parseKommoWebhook', () => {
  it('reads status and update hooks for one change as one event', () => {
    const body = [
      'leads[status][0][id]=1190401',
      'leads[status][0][status_id]=142',
      'leads[status][0][old_status_id]=53861254',
      'leads[status][0][updated_at]=1672189247',
      'leads[update][0][id]=1190401',
      'leads[update][0][updated_at]=1672189247',
      trailer,
    ].join('&');

    expect(parseKommoWebhook(body)).toEqual({
      accountId: 30739638,
      subdomain: 'acme',
      leads: [{ leadId: 1190401, modifiedAt: 1672189247 }],
      error: null,
    });
  });

  it('falls back to last_modified in old payloads without account id', () => {
    const body =
      'leads[add][0][id]=31926529&leads[add][0][last_modified]=1456824464&account[subdomain]=old';
    const parsed = parseKommoWebhook(body);

    expect(parsed.accountId).toBeNull();
    expect(parsed.subdomain).toBe('old');
    expect(parsed.leads).toEqual([{ leadId: 31926529, modifiedAt: 1456824464 }]);
  });

  it('accepts sparse indices and radiobutton objects inside custom fields', () => {
    const body = [
      'leads[update][0][id]=5',
      'leads[update][0][updated_at]=100',
      'leads[update][0][custom_fields][0][id]=1',
      'leads[update][0][custom_fields][2][values][value]=2',
      'leads[update][0][custom_fields][2][values][enum]=566642',
      'leads[update][0][custom_fields][6][values][0]=1542067200',
      'leads[update][7][id]=6',
      'leads[update][7][updated_at]=101',
      trailer,
    ].join('&');

    expect(parseKommoWebhook(body).leads).toEqual([
      { leadId: 5, modifiedAt: 100 },
      { leadId: 6, modifiedAt: 101 },
    ]);
  });

  it('reads a mass update of 5 000 leads', () => {
    const pairs: string[] = [];
    for (let i = 0; i < 5000; i++) {
      pairs.push(`leads[status][${i}][id]=${1000 + i}`, `leads[status][${i}][status_id]=142`);
      pairs.push(`leads[status][${i}][updated_at]=1700000000`, `leads[status][${i}][price]=99`);
    }
    const parsed = parseKommoWebhook(`${pairs.join('&')}&${trailer}`);

    expect(parsed.leads).toHaveLength(5000);
    expect(parsed.leads[4999]).toEqual({ leadId: 5999, modifiedAt: 1700000000 });
  });

  it('reads keys however their brackets and letters are escaped', () => {
    const body = [
      'leads%5Bstatus%5D%5B0%5D%5Bid%5D=11',
      'leads%5bstatus%5d%5b0%5d%5bupdated_at%5d=100',
      'leads[update][0][id]=12',
      'leads[update][0][updated_%61t]=101',
      'leads%5Bupdate%5D%5B1%5D%5B%69d%5D=13',
      'leads%5Bupdate%5D%5B1%5D%5Blast_modified]=102',
      'leads%5Bupdate%5D%5B1%5D%5Bname%5D=Deal+%5Bid%5D',
      'account%5Bid%5D=30739638',
    ].join('&');

    expect(parseKommoWebhook(body)).toMatchObject({
      accountId: 30739638,
      leads: [
        { leadId: 11, modifiedAt: 100 },
        { leadId: 12, modifiedAt: 101 },
        { leadId: 13, modifiedAt: 102 },
      ],
    });
  });

  it('tolerates a scalar and a nested key on one path', () => {
    const body = 'leads[update][0][id]=9&leads[update][0][id][x]=1&leads[update][0][updated_at]=7';

    expect(parseKommoWebhook(body).leads).toEqual([{ leadId: 9, modifiedAt: 7 }]);
  });

  it('ignores unknown entities and entries without an id', () => {
    const body = `message[add][0][id]=abc&leads[update][0][name]=x&${trailer}`;

    expect(parseKommoWebhook(body)).toMatchObject({ leads: [], error: null });
  });

  it('reports a body that is not a Kommo webhook', () => {
    expect(parseKommoWebhook('{"json":true}').error).toBe(
      'Not a Kommo webhook: no account or leads in the body',
    );
    expect(parseKommoWebhook('').error).not.toBeNull();
  });
});
