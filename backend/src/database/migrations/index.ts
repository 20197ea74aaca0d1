import { Installations1764770000000 } from './1764770000000-installations';
import { Sync1764770100000 } from './1764770100000-sync';
import { Segments1764770200000 } from './1764770200000-segments';
import { Backfill1764770300000 } from './1764770300000-backfill';

/** Every migration, oldest first. Listed explicitly so a build never misses or reorders one. */
export const MIGRATIONS = [
  Installations1764770000000,
  Sync1764770100000,
  Segments1764770200000,
  Backfill1764770300000,
];
