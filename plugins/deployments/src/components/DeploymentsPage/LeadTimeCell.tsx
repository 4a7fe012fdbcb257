import { DoraFigures } from '@internal/plugin-deployments-common';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { formatMinutes } from '@internal/shipyard-react';

/** Why a team and environment have no lead time, for the "—" it shows. */
export const NO_LEAD_TIME_REASON =
  'No commit time is known for these deployments. The deployment pipeline records it as the shipyard:committed-at tag (ECS task definitions) or the shipyard.io/committed-at annotation (EKS pod templates).';

/**
 * The median lead time for changes and how many deployments it rests on:
 * only those whose commit time the pipeline recorded count, so "of 14"
 * says how much of the window the figure speaks for.
 */
export function LeadTimeCell(props: { figures: DoraFigures }) {
  const { medianLeadTimeMinutes, leadTimeDeployments, deployments } =
    props.figures;
  if (medianLeadTimeMinutes === undefined || leadTimeDeployments === 0) {
    return (
      <Tooltip title={NO_LEAD_TIME_REASON}>
        <span>—</span>
      </Tooltip>
    );
  }
  const basedOn = `${leadTimeDeployments} of ${deployments} deployment${
    deployments === 1 ? '' : 's'
  }`;
  return (
    <Tooltip
      title={`Median time from commit to deployment over the ${basedOn} whose commit time is known`}
    >
      <span>
        <span>{formatMinutes(medianLeadTimeMinutes)}</span>
        <Typography
          component="span"
          variant="caption"
          color="text.secondary"
          display="block"
        >
          {basedOn}
        </Typography>
      </span>
    </Tooltip>
  );
}
