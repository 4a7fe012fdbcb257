import { EnvironmentSecurity } from '@internal/plugin-security-common';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { totalFindings } from '../../format/bands';
import { BandCounts } from '../BandCounts';
import { BreakableType } from '../BreakableType';
import { DetectorNotices, guardDutyOffEverywhere } from '../DetectorNotices';

function TopTypes(props: {
  environment: EnvironmentSecurity;
  onSelectType?: (type: string) => void;
}) {
  const { topTypes, environment } = props.environment;
  if (topTypes.length === 0) {
    return null;
  }
  return (
    <Box>
      <Typography variant="subtitle2" component="h4">
        Top finding types
      </Typography>
      <Box
        component="ol"
        aria-label={`Top finding types in ${environment}`}
        sx={{ m: 0, pl: 0, listStyle: 'none' }}
      >
        {topTypes.map(t => (
          <Box
            component="li"
            key={t.type}
            sx={{
              display: 'flex',
              justifyContent: 'space-between',
              gap: 2,
              typography: 'body2',
              py: 0.25,
            }}
          >
            {props.onSelectType ? (
              <Link
                component="button"
                variant="body2"
                underline="hover"
                title={`List the ${t.type} findings in ${environment}`}
                onClick={() => props.onSelectType!(t.type)}
                sx={{ textAlign: 'left', overflowWrap: 'anywhere' }}
              >
                <BreakableType type={t.type} />
              </Link>
            ) : (
              <Box component="span" sx={{ overflowWrap: 'anywhere' }}>
                <BreakableType type={t.type} />
              </Box>
            )}
            <Box component="span" sx={{ fontVariantNumeric: 'tabular-nums' }}>
              {t.count.toLocaleString('en-US')}
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/**
 * One environment on the Security page: its active findings per band, how
 * many are platform findings, GuardDuty's state in each of its accounts and
 * regions, and its most frequent finding types.
 */
export function EnvironmentPanel(props: {
  environment: EnvironmentSecurity;
  /** `own`: the counts cover the caller's services only, so platform findings are not among them. */
  scope: 'all' | 'own';
  onSelectType?: (type: string) => void;
}) {
  const env = props.environment;
  const off = guardDutyOffEverywhere(env.detectors);
  const platform = totalFindings(env.platformCounts);
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={`${env.environment} security`}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}
    >
      <Box>
        <Typography variant="h6" component="h3">
          {env.environment}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {env.tier} tier
          {env.detectors.length > 0 &&
            `, ${env.detectors
              .map(d => `${d.accountId}/${d.region}`)
              .join(', ')}`}
        </Typography>
      </Box>
      {!off && (
        <>
          <BandCounts
            counts={env.counts}
            label={`Active findings in ${env.environment} by severity`}
          />
          {props.scope === 'all' && (
            <Typography variant="body2" color="text.secondary">
              {platform === 0
                ? 'No platform finding.'
                : `${platform.toLocaleString('en-US')} of them ${
                    platform === 1
                      ? 'is a platform finding'
                      : 'are platform findings'
                  } (no service).`}
            </Typography>
          )}
        </>
      )}
      <DetectorNotices detectors={env.detectors} />
      {!off && <TopTypes environment={env} onSelectType={props.onSelectType} />}
    </Paper>
  );
}
