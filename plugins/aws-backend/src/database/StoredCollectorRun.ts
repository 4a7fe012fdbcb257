import { CollectorRun } from '@internal/plugin-aws-node';

/** A finished collector run, as stored. */
export type StoredCollectorRun = CollectorRun & { id: string };
