import { ApiSpend } from '@internal/plugin-costs-common';
import Box from '@mui/material/Box';
import { formatCost, formatShare } from '../../format/formatCost';
import {
  EnvironmentSummary,
  prodShare,
} from '../../portfolio/summarizeEnvironments';
import { Figure } from '../Figure';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
});

/** A bar of prod's share: the figure beside it says the same in words. */
function ShareBar(props: { percent: number }) {
  return (
    <Box
      aria-hidden
      sx={{
        mt: 1,
        height: 6,
        borderRadius: 3,
        backgroundColor: 'action.selected',
        overflow: 'hidden',
      }}
    >
      <Box
        sx={{
          width: `${props.percent}%`,
          height: '100%',
          backgroundColor: 'primary.main',
        }}
      />
    </Box>
  );
}

/** The portfolio this month: so far, forecast, prod's share, unattributed, and what Shipyard's reads cost. */
export function SummaryFigures(props: {
  summaries: EnvironmentSummary[];
  currency: string;
  apiSpend: ApiSpend;
}) {
  const { summaries, currency, apiSpend } = props;
  const share = prodShare(summaries);
  const previousMonth = summaries.reduce((sum, s) => sum + s.previousMonth, 0);
  const unattributed = summaries.reduce((sum, s) => sum + s.unattributed, 0);
  const forecasts = summaries.filter(s => s.forecast);
  const forecast = forecasts.reduce(
    (sum, s) => ({
      monthEnd: sum.monthEnd + s.forecast!.monthEnd,
      low: sum.low + s.forecast!.low,
      high: sum.high + s.forecast!.high,
    }),
    { monthEnd: 0, low: 0, high: 0 },
  );

  return (
    <Box
      sx={{
        display: 'grid',
        gap: 3,
        gridTemplateColumns: {
          xs: '1fr',
          sm: 'repeat(2, minmax(0, 1fr))',
          lg: 'repeat(5, minmax(0, 1fr))',
        },
      }}
    >
      <Figure
        label="Month to date"
        value={formatCost(share.total, currency)}
        note={`Last month ${formatCost(previousMonth, currency)}`}
      />
      <Figure
        label="Forecast to month end"
        value={
          forecasts.length > 0 ? formatCost(forecast.monthEnd, currency) : '—'
        }
        note={
          forecasts.length === 0
            ? 'No forecast yet'
            : `${formatCost(forecast.low, currency)} to ${formatCost(
                forecast.high,
                currency,
              )}${
                forecasts.length < summaries.length
                  ? `, ${forecasts.length} of ${summaries.length} environments`
                  : ''
              }`
        }
      />
      <Figure
        label="Production share"
        value={formatShare(share.percent)}
        note={
          <>
            {formatCost(share.prod, currency)} prod,{' '}
            {formatCost(share.total - share.prod, currency)} non-prod
            {share.percent !== undefined && (
              <ShareBar percent={share.percent} />
            )}
          </>
        }
      />
      <Figure
        label="Unattributed"
        value={formatCost(unattributed, currency)}
        note={`${formatShare(
          share.total > 0 ? (unattributed / share.total) * 100 : undefined,
        )} of the month to date carries no component tag`}
      />
      <Figure
        label="Cost Explorer spend this month"
        value={usd.format(apiSpend.usd)}
        note={`${apiSpend.requests.toLocaleString(
          'en-US',
        )} requests at $0.01, by Shipyard's collector`}
      />
    </Box>
  );
}
