import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Content, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import { DORA_WINDOWS, DoraFiguresTable, DoraWindow } from './DoraFiguresTable';
import { OperationsFilters, OperationsFilterValues } from './OperationsFilters';
import { OperationsTable } from './OperationsTable';

const FEED_LIMIT = 100;
const DEFAULT_DORA_WINDOW: DoraWindow = 30;

function readFilters(params: URLSearchParams): OperationsFilterValues {
  const type = params.get('type');
  return {
    environment: params.get('environment') || undefined,
    owner: params.get('owner') || undefined,
    type: type === 'deployment' || type === 'rollback' ? type : undefined,
  };
}

function readDays(params: URLSearchParams): DoraWindow {
  const days = Number(params.get('days'));
  return DORA_WINDOWS.find(w => w === days) ?? DEFAULT_DORA_WINDOW;
}

/** Adds what is new to a sorted list, keeping what was there: choices never vanish under a filter. */
function useSeen(values: (string | undefined)[]): string[] {
  const [seen, setSeen] = useState<string[]>([]);
  const key = values.join('\n');
  useEffect(() => {
    setSeen(previous => {
      const next = new Set(previous);
      for (const value of key.split('\n')) {
        if (value) {
          next.add(value);
        }
      }
      return next.size === previous.length ? previous : [...next].sort();
    });
  }, [key]);
  return seen;
}

/**
 * The portfolio's deployments: every deployment and rollback, filtered by
 * environment, type and owning team, and the DORA figures per team and
 * environment. The filters live in the URL, so a view can be shared.
 */
export function DeploymentsPage() {
  const api = useApi(deploymentsApiRef);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const days = readDays(params);
  const { environment, owner, type } = filters;

  const feed = useAsyncRetry(
    () =>
      api.listOperations({
        query: { environment, owner, type, limit: FEED_LIMIT },
      }),
    [api, environment, owner, type],
  );
  const dora = useAsyncRetry(
    () => api.getDoraFigures({ query: { environment, owner, days } }),
    [api, environment, owner, days],
  );

  const operations = feed.value?.items ?? [];
  const environments = useSeen([
    ...operations.map(op => op.environment),
    ...(dora.value?.items ?? []).map(f => f.environment),
  ]);
  const owners = useSeen([
    ...operations.map(op => op.owner),
    ...(dora.value?.items ?? []).map(f => f.owner),
  ]);

  const update = (next: OperationsFilterValues, nextDays = days) => {
    const search = new URLSearchParams();
    if (next.environment) search.set('environment', next.environment);
    if (next.type) search.set('type', next.type);
    if (next.owner) search.set('owner', next.owner);
    if (nextDays !== DEFAULT_DORA_WINDOW) search.set('days', String(nextDays));
    setParams(search, { replace: true });
  };

  return (
    <Content>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
        <OperationsFilters
          value={filters}
          environments={environments}
          owners={owners}
          onChange={next => update(next)}
        />
        {feed.error ? (
          <ResponseErrorPanel
            title="Could not load the operations"
            error={feed.error}
          />
        ) : (
          <OperationsTable operations={operations} loading={feed.loading} />
        )}
        {dora.error ? (
          <ResponseErrorPanel
            title="Could not load the DORA figures"
            error={dora.error}
          />
        ) : (
          <DoraFiguresTable
            figures={dora.value?.items ?? []}
            loading={dora.loading}
            days={days}
            onDaysChange={next => update(filters, next)}
          />
        )}
      </Box>
    </Content>
  );
}
