import { Freshness } from '@internal/plugin-security-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '@internal/shipyard-react';

/**
 * When GuardDuty was last synced: a caption while fresh, a warning once no
 * sync has completed for two collector intervals (the findings may then miss
 * recent ones).
 */
export function FreshnessNotice(props: { freshness: Freshness }) {
  const { syncedAt, stale } = props.freshness;
  if (!stale) {
    return syncedAt ? (
      <Typography variant="caption" color="text.secondary" component="p">
        GuardDuty synced <RelativeTime at={syncedAt} />
      </Typography>
    ) : null;
  }
  return (
    <Alert severity="warning" variant="outlined">
      {syncedAt ? (
        <>
          These findings were synced from GuardDuty{' '}
          <RelativeTime at={syncedAt} />: the security collector has not
          completed a sync since, so newer findings may be missing.
        </>
      ) : (
        'The security collector has not synced GuardDuty yet.'
      )}
    </Alert>
  );
}
