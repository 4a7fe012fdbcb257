import {
  Budget,
  Objective,
  SloState,
} from '@internal/plugin-availability-common';
import { AvailabilitySeries, CountBucket } from '../database/AvailabilityStore';
import { BurnFigures } from '../slo/burnRates';
import { errorBudget } from '../slo/errorBudget';
import { sloState } from '../slo/sloState';
import { availabilityOf, sumTotals, Totals } from '../slo/sumTotals';

/** A series' headline figures over one period. */
export interface SeriesFigures {
  totals: Totals;
  availability?: number;
  budget?: Budget;
  state: SloState;
}

/** The figures of one series over a range, from its buckets and current burn. */
export function seriesFigures(options: {
  series: AvailabilitySeries;
  buckets: CountBucket[];
  range: { start: number; end: number };
  objective?: Objective;
  burn: BurnFigures;
}): SeriesFigures {
  const { series, buckets, range, objective, burn } = options;
  const totals = sumTotals(buckets, range, {
    since: series.firstDataAt?.getTime(),
    until: series.collectedUntil?.getTime(),
  });
  const availability = availabilityOf(totals);
  const budget = objective
    ? errorBudget(totals, objective.target, series.sli)
    : undefined;
  return {
    totals,
    ...(availability !== undefined ? { availability } : {}),
    ...(budget ? { budget } : {}),
    state: sloState({
      target: objective?.target,
      availability,
      budget,
      alert: burn.alert,
    }),
  };
}
