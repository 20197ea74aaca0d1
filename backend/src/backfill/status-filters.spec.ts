import { defaultSettings } from '@heap-sync/shared';
import { FILTERS_PER_REQUEST, needsPipelines, statusFilterGroups } from './status-filters';

const PIPELINES = [
  { id: 10, statusIds: [1, 2, 142, 143] },
  { id: 20, statusIds: [3, 142, 143] },
];

describe('statusFilterGroups', () => {
  it('turns the default won and lost statuses into one entry per pipeline', () => {
    const settings = defaultSettings('1');

    expect(needsPipelines(settings)).toBe(true);
    expect(statusFilterGroups(settings, PIPELINES)).toEqual([
      [
        { pipelineId: 10, statusId: 142 },
        { pipelineId: 10, statusId: 143 },
        { pipelineId: 20, statusId: 142 },
        { pipelineId: 20, statusId: 143 },
      ],
    ]);
  });

  it('keeps explicit pipelines, finds the pipeline of a custom status and drops duplicates', () => {
    const settings = {
      ...defaultSettings('1'),
      wonStatuses: [
        { pipelineId: 20, statusId: 142 },
        { pipelineId: null, statusId: 2 },
      ],
      lostStatuses: [
        { pipelineId: 20, statusId: 143 },
        { pipelineId: 20, statusId: 143 },
      ],
    };

    expect(statusFilterGroups(settings, PIPELINES)).toEqual([
      [
        { pipelineId: 10, statusId: 2 },
        { pipelineId: 20, statusId: 142 },
        { pipelineId: 20, statusId: 143 },
      ],
    ]);
  });

  it('needs no pipelines when every status names its pipeline', () => {
    const settings = {
      ...defaultSettings('1'),
      wonStatuses: [{ pipelineId: 10, statusId: 142 }],
      lostStatuses: [{ pipelineId: 10, statusId: 143 }],
    };

    expect(needsPipelines(settings)).toBe(false);
    expect(statusFilterGroups(settings, [])).toHaveLength(1);
  });

  it('splits long lists so one request carries a bounded number of entries', () => {
    const pipelines = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, statusIds: [] }));
    const groups = statusFilterGroups(defaultSettings('1'), pipelines);

    expect(groups.map((group) => group.length)).toEqual([
      FILTERS_PER_REQUEST,
      FILTERS_PER_REQUEST,
      100 - 2 * FILTERS_PER_REQUEST,
    ]);
  });
});
