import type { DealSyncResponse } from '@heap-sync/shared';
import type { HeapEvent } from '../emulators/heap';
import type { KommoNote } from '../emulators/kommo';

export interface DemoOutcome {
  appId: string;
  won: number;
  lost: number;
  events: HeapEvent[];
  userProperties: Map<string, Record<string, unknown>>;
  heapRequests: number;
  notes: KommoNote[];
  badges: DealSyncResponse[];
}

export function printOutcome(outcome: DemoOutcome): void {
  console.log(
    `\nHeap received ${outcome.events.length} events in ${outcome.heapRequests} requests:`,
  );
  for (const event of outcome.events) {
    console.log(
      `  ${event.event}  ${event.identity}  ${event.timestamp}  ${JSON.stringify(event.properties)}`,
    );
  }
  console.log('\nHeap user properties:');
  for (const [identity, properties] of outcome.userProperties) {
    console.log(`  ${identity}  ${JSON.stringify(properties)}`);
  }
  console.log('\nDeal sync state (the badge):');
  for (const badge of outcome.badges) {
    const kinds = badge.records.map((r) => `${r.kind}:${r.state}`).join(', ');
    console.log(`  deal ${badge.leadId}  ${badge.badge}  (${kinds})`);
  }
  console.log(`\nNotes left on deals: ${outcome.notes.length}`);
}

/** Everything the demo promises, as a list of what went wrong (empty when all is right). */
export function checkOutcome(o: DemoOutcome): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => ok || problems.push(what);
  const named = (name: string) => o.events.filter((event) => event.event === name);

  expect(o.events.length === 3, `Heap should hold 3 events, holds ${o.events.length}`);
  const [won] = named('crm_deal_won');
  expect(won?.identity === 'maria@example.com', 'crm_deal_won for maria@example.com');
  expect(
    won?.properties.plan === 'Growth' && won?.properties.amount === 490,
    'won: plan Growth, amount 490',
  );
  const [upgrade] = named('crm_plan_upgraded');
  expect(
    upgrade?.properties.from_plan === 'Growth' && upgrade?.properties.to_plan === 'Scale',
    'crm_plan_upgraded from Growth to Scale',
  );
  const [churn] = named('crm_churned');
  expect(
    churn?.identity === 'joao@example.com' && churn?.properties.deal_id === o.lost,
    'crm_churned for the lost deal',
  );

  const maria = o.userProperties.get('maria@example.com');
  expect(maria?.plan === 'Scale' && maria?.customer === 'true', 'maria: plan Scale, customer true');
  expect(maria?.crm_source === 'Webinar' && maria?.mrr === 490, 'maria: source Webinar, mrr 490');
  const joao = o.userProperties.get('joao@example.com');
  expect(joao?.churned === 'true' && joao?.customer === 'false', 'joao: churned, not a customer');

  for (const badge of o.badges) {
    expect(
      badge.badge === 'synced',
      `deal ${badge.leadId} badge should be synced, is ${badge.badge}`,
    );
  }
  expect(o.notes.length === 3, `3 notes on deals expected, found ${o.notes.length}`);

  return problems;
}
