import { Freshness } from '@internal/plugin-availability-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '@internal/shipyard-react';

/**
 * When the figures were collected: a caption while fresh, a warning with the
 * data's age once it is older than two collection intervals.
 */
export function FreshnessNotice(props: { freshness: Freshness }) {
  const { collectedAt, stale } = props.freshness;
  if (!stale) {
    return collectedAt ? (
      <Typography variant="caption" color="text.secondary" component="p">
        Collected <RelativeTime at={collectedAt} />
      </Typography>
    ) : null;
  }
  return (
    <Alert severity="warning" variant="outlined">
      {collectedAt ? (
        <>
          These figures were collected <RelativeTime at={collectedAt} />: the
          availability collector has not stored anything newer since.
        </>
      ) : (
        'The availability collector has not run yet.'
      )}
    </Alert>
  );
}
