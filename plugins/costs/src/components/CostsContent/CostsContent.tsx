import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import LockIcon from '@material-ui/icons/Lock';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import {
  entityPath,
  humanizeRef,
  isNotAllowed,
  prodFirst,
} from '@internal/shipyard-react';
import { costsApiRef } from '../../api/costsApiRef';
import { readMonths } from '../../format/months';
import { FreshnessNotice } from '../FreshnessNotice';
import { MonthsSelector } from '../MonthsSelector';
import { EnvironmentCostsSection } from './EnvironmentCostsSection';

function Notice(props: { title: string; children: string; icon?: boolean }) {
  return (
    <Paper
      variant="outlined"
      sx={{ p: 3, display: 'flex', gap: 2, alignItems: 'flex-start' }}
    >
      {props.icon && <LockIcon color="action" aria-hidden />}
      <Box>
        <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
          {props.title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {props.children}
        </Typography>
      </Box>
    </Paper>
  );
}

/**
 * A component's "Costs" tab: per environment, in tier order from prod, its
 * daily cost by AWS service, its months, forecast and share of its team's
 * cost. The range (3, 6 or 12 months) is kept in the URL.
 */
export function CostsContent() {
  const { entity } = useEntity();
  const api = useApi(costsApiRef);
  const [params, setParams] = useSearchParams();
  const months = readMonths(params.get('months'));
  const path = useMemo(() => entityPath(entity), [entity]);
  const owner =
    typeof entity.spec?.owner === 'string'
      ? humanizeRef(entity.spec.owner, 'group')
      : undefined;

  const { value, loading, error } = useAsyncRetry(
    () => api.getComponentCosts({ path, query: { months } }),
    [api, path, months],
  );

  let content;
  if (isNotAllowed(error)) {
    content = (
      <Notice title="You cannot see these costs" icon>
        Only the owning team, SREs and managers can see this service's costs.
      </Notice>
    );
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the costs of ${entity.metadata.name}`}
        error={error}
      />
    );
  } else if (loading && !value) {
    content = <Progress aria-label="Loading costs" />;
  } else if (!value || value.environments.length === 0) {
    content = (
      <Notice title={`No costs for ${entity.metadata.name} yet`}>
        Costs are attributed to a service through the shipyard:component tag on
        its AWS resources. The costs collector reads Cost Explorer a few times a
        day; a service appears once tagged resources have cost something.
      </Notice>
    );
  } else {
    const environments = prodFirst(value.environments);
    content = (
      <>
        <FreshnessNotice freshness={value.freshness} />
        {environments.map(costs => (
          <EnvironmentCostsSection
            key={costs.environment}
            costs={costs}
            currency={value.currency}
            ownerLabel={owner}
            anomalies={value.anomalies.filter(
              a => a.environment === costs.environment,
            )}
          />
        ))}
      </>
    );
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 2,
        }}
      >
        <Typography variant="body2" color="text.secondary">
          {`AWS unblended cost per environment${
            value ? ` in ${value.currency}` : ''
          }, prod first; days are UTC.`}
        </Typography>
        <MonthsSelector
          value={months}
          onChange={next => {
            const search = new URLSearchParams(params);
            search.set('months', String(next));
            setParams(search, { replace: true });
          }}
        />
      </Box>
      {content}
    </Box>
  );
}
