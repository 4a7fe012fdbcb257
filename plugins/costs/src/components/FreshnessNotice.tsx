import { Freshness } from '@internal/plugin-costs-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '@internal/shipyard-react';

/**
 * The data's age: Cost Explorer refreshes its own data a few times a day, and
 * Shipyard reads it as often, so figures are hours old by design. A warning
 * once no refresh has succeeded for two intervals.
 */
export function FreshnessNotice(props: { freshness: Freshness }) {
  const { refreshedAt, stale } = props.freshness;
  if (!stale) {
    return refreshedAt ? (
      <Typography variant="caption" color="text.secondary" component="p">
        Cost Explorer data read <RelativeTime at={refreshedAt} />; the latest
        days are estimates until AWS finalises them.
      </Typography>
    ) : null;
  }
  return (
    <Alert severity="warning" variant="outlined">
      {refreshedAt ? (
        <>
          These figures were read from Cost Explorer{' '}
          <RelativeTime at={refreshedAt} />: the costs collector has not stored
          anything newer since.
        </>
      ) : (
        'The costs collector has not read Cost Explorer yet.'
      )}
    </Alert>
  );
}
