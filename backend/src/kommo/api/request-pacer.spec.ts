import { RequestPacer } from './request-pacer';

describe('RequestPacer', () => {
  let now = 0;
  const started: string[] = [];
  const request = (pacer: RequestPacer, name: string, priority = 5) =>
    pacer.acquire(priority).then(() => started.push(`${name}@${now}`));
  const advance = async (ms: number) => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    started.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('spaces starts by the rate: 6 a second is one every 167 ms', async () => {
    const pacer = new RequestPacer(6, () => now);
    for (const name of ['a', 'b', 'c']) void request(pacer, name);
    await advance(0);
    expect(started).toEqual(['a@0']);

    await advance(166);
    expect(started).toEqual(['a@0']);
    await advance(1);
    await advance(167);
    expect(started).toEqual(['a@0', 'b@167', 'c@334']);
  });

  it('starts at once after a quiet gap', async () => {
    const pacer = new RequestPacer(6, () => now);
    void request(pacer, 'a');
    await advance(0);
    await advance(500);
    void request(pacer, 'b');
    await advance(0);
    expect(started).toEqual(['a@0', 'b@500']);
  });

  it('gives a start to the read that arrived after a waiting write', async () => {
    const pacer = new RequestPacer(6, () => now);
    void request(pacer, 'leads', 4);
    await advance(0);
    void request(pacer, 'note', 5);
    await advance(50);
    void request(pacer, 'contacts', 4);
    await advance(117);
    expect(started).toEqual(['leads@0', 'contacts@167']);
    await advance(167);
    expect(started).toEqual(['leads@0', 'contacts@167', 'note@334']);
  });
});
