import { Fragment, useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useMeasure from 'react-use/esm/useMeasure';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EnvironmentResources } from '@internal/plugin-aws-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { entityPath, serverMessage, useNow } from '@internal/shipyard-react';
import { awsApiRef } from '../../api/awsApiRef';
import { EnvironmentRow, RefreshState } from './EnvironmentRow';
import { describeRefreshError } from './describeRefreshError';

// Wide enough for three columns per environment: the main column is about
// 760 px at 1440 px; configured as an info card (side column, about 380 px)
// the rows stack instead.
const WIDE_LAYOUT_MIN_PX = 560;

function LoadingRows() {
  return (
    <Box data-testid="runs-in-loading" aria-busy="true">
      {[0, 1, 2].map(i => (
        <Box key={i} sx={{ py: 1.5 }}>
          <Skeleton width="45%" />
          <Skeleton width="65%" height={16} />
          <Skeleton width="80%" />
        </Box>
      ))}
    </Box>
  );
}

/**
 * The "Runs in" card: the environments a component runs in and what the
 * resource inventory found there, by tag, with a refresh per environment.
 * One request: the backend decides which environments apply, in which order,
 * and by which tag; the card parses nothing.
 */
export function RunsInCard() {
  const { entity } = useEntity();
  const awsApi = useApi(awsApiRef);
  const now = useNow();
  const [measureRef, { width }] = useMeasure<HTMLDivElement>();
  const entityRef = useMemo(() => entityPath(entity), [entity]);

  const [refreshed, setRefreshed] = useState<
    Record<string, EnvironmentResources>
  >({});
  const [refreshStates, setRefreshStates] = useState<
    Record<string, RefreshState>
  >({});

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const resources = await awsApi.getComponentResources({ path: entityRef });
    setRefreshed({});
    return resources;
  }, [awsApi, entityRef]);

  const refresh = useCallback(
    async (environment: string) => {
      setRefreshStates(s => ({ ...s, [environment]: { refreshing: true } }));
      try {
        const { items } = await awsApi.refreshComponentResources({
          path: entityRef,
          query: { environment },
        });
        setRefreshed(r => ({ ...r, [environment]: items[0] }));
        setRefreshStates(s => ({
          ...s,
          [environment]: { refreshing: false },
        }));
      } catch (e) {
        setRefreshStates(s => ({
          ...s,
          [environment]: {
            refreshing: false,
            error: describeRefreshError(e as Error),
          },
        }));
      }
    },
    [awsApi, entityRef],
  );

  const items = (value?.items ?? []).map(
    item => refreshed[item.environment.name] ?? item,
  );
  const tag = items[0]?.componentTag;

  let content;
  if (error) {
    content = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        }
      >
        Could not load where {entity.metadata.name} runs: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LoadingRows />;
  } else if (items.length === 0) {
    content = (
      <Typography variant="body2" color="text.secondary">
        No configured environment applies to this component.
      </Typography>
    );
  } else {
    content = (
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {items.map((item, index) => (
          <Fragment key={item.environment.name}>
            {index > 0 && <Divider component="li" aria-hidden />}
            <EnvironmentRow
              resources={item}
              now={now}
              wide={width >= WIDE_LAYOUT_MIN_PX}
              refresh={
                refreshStates[item.environment.name] ?? { refreshing: false }
              }
              onRefresh={() => refresh(item.environment.name)}
            />
          </Fragment>
        ))}
      </Box>
    );
  }

  return (
    <InfoCard
      title="Runs in"
      subheader={tag && `AWS resources tagged ${tag.key}=${tag.value}`}
    >
      <div ref={measureRef}>{content}</div>
    </InfoCard>
  );
}
