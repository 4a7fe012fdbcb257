import { Detector } from '@internal/plugin-security-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';

function where(detector: Detector): string {
  return `${detector.accountId}/${detector.region}`;
}

/**
 * True when GuardDuty is off in every account and region of an environment:
 * its counts are then zeros that mean nothing, and must not read as "no
 * findings".
 */
export function guardDutyOffEverywhere(detectors: readonly Detector[]) {
  return detectors.length > 0 && detectors.every(d => d.status === 'off');
}

/**
 * What is wrong with GuardDuty in an environment, one line per account and
 * region: off (no detector, so nothing is known there), a failed sync (the
 * findings there may be out of date) or not checked yet. Nothing when every
 * detector is on and synced.
 */
export function DetectorNotices(props: { detectors: readonly Detector[] }) {
  const notices = props.detectors.flatMap(detector => {
    switch (detector.status) {
      case 'off':
        return [
          <Alert key={where(detector)} severity="warning" variant="outlined">
            GuardDuty off in {where(detector)}: no detector there, so its
            threats are not known.
          </Alert>,
        ];
      case 'error':
        return [
          <Alert key={where(detector)} severity="error" variant="outlined">
            GuardDuty sync failed in {where(detector)}
            {detector.message ? `: ${detector.message}` : ''}. Its findings may
            be out of date.
          </Alert>,
        ];
      case 'unknown':
        return [
          <Alert key={where(detector)} severity="info" variant="outlined">
            GuardDuty not checked yet in {where(detector)}.
          </Alert>,
        ];
      default:
        return [];
    }
  });
  if (props.detectors.length === 0) {
    notices.push(
      <Alert key="none" severity="info" variant="outlined">
        GuardDuty not checked yet: the security collector has not synced this
        environment.
      </Alert>,
    );
  }
  if (notices.length === 0) {
    return null;
  }
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      {notices}
    </Box>
  );
}
