import { PortfolioRow } from '@internal/plugin-availability-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatAvailability, formatTarget } from '../format/formatAvailability';
import { ServiceLink } from '@internal/shipyard-react';
import { SloStateChip } from './SloStateChip';

/** The rows that are breaching or at risk, in the order given (the backend's: worst first). */
export function breachingOrAtRisk(
  rows: readonly PortfolioRow[],
): PortfolioRow[] {
  return rows.filter(r => r.state === 'breaching' || r.state === 'at-risk');
}

/** A short list of services: name and environment, availability against target, state. */
export function AtRiskList(props: {
  rows: readonly PortfolioRow[];
  label: string;
  showEnvironment?: boolean;
}) {
  return (
    <Box
      component="ul"
      aria-label={props.label}
      sx={{ listStyle: 'none', m: 0, p: 0 }}
    >
      {props.rows.map(row => (
        <Box
          component="li"
          key={`${row.entityRef}@${row.environment}`}
          sx={{
            display: 'grid',
            gridTemplateColumns: 'minmax(0, 1fr) auto auto',
            alignItems: 'center',
            columnGap: 2,
            py: 0.75,
            borderBottom: 1,
            borderColor: 'divider',
          }}
        >
          <Box sx={{ minWidth: 0 }}>
            <ServiceLink
              entityRef={row.entityRef}
              label={row.title ?? row.name}
              path="availability"
            />
            {props.showEnvironment && (
              <Typography
                variant="body2"
                color="text.secondary"
                component="span"
              >
                {' '}
                in {row.environment}
              </Typography>
            )}
          </Box>
          <Typography
            variant="body2"
            component="span"
            sx={{ fontVariantNumeric: 'tabular-nums', textAlign: 'right' }}
          >
            {formatAvailability(row.availability, row.objective?.target)}
            <Typography
              variant="caption"
              color="text.secondary"
              component="span"
            >
              {' '}
              / {formatTarget(row.objective?.target)}
            </Typography>
          </Typography>
          <SloStateChip state={row.state} />
        </Box>
      ))}
    </Box>
  );
}
