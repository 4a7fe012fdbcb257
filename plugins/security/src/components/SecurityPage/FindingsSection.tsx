import { useCallback, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import DownloadIcon from '@material-ui/icons/GetApp';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import TablePagination from '@mui/material/TablePagination';
import Typography from '@mui/material/Typography';
import { downloadCsv } from '@internal/shipyard-react';
import { securityApiRef } from '../../api/securityApiRef';
import { findingsCsv } from '../../format/findingsCsv';
import { FindingDetail } from '../FindingDetail';
import { FindingsTable } from '../FindingsTable';
import { FilterChoices, FindingsFilters } from './FindingsFilters';
import {
  findingsQuery,
  isFiltered,
  PAGE_SIZE,
  SecurityView,
} from './findingsView';

/**
 * The findings the caller may read, filtered on the server and paged by it
 * (50 at a time), critical and high first; a row opens its detail.
 */
export function FindingsSection(props: {
  view: SecurityView;
  update(next: Partial<SecurityView>): void;
  details: 'all' | 'own';
  choices: FilterChoices;
}) {
  const { view, update } = props;
  const api = useApi(securityApiRef);
  const query = useMemo(() => findingsQuery(view), [view]);
  const queryKey = JSON.stringify(query);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listSecurityFindings({ query }),
    // The query's content, not its identity: opening a finding changes the view, not the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, queryKey],
  );
  const open = useCallback((id: string) => update({ finding: id }), [update]);
  const filtered = isFiltered(view);

  let list;
  if (error) {
    list = (
      <ResponseErrorPanel title="Could not load the findings" error={error} />
    );
  } else if (!value) {
    list = <LinearProgress aria-label="Loading findings" />;
  } else if (value.totalCount === 0 && !filtered) {
    list = (
      <EmptyState
        missing="data"
        title="No active findings"
        description={
          props.details === 'own'
            ? "GuardDuty reports no active finding on your team's services."
            : 'GuardDuty reports no active finding where it is on.'
        }
        action={
          <Button variant="outlined" onClick={retry}>
            Check again
          </Button>
        }
      />
    );
  } else {
    list = (
      <Box>
        <Box sx={{ height: 4 }}>
          {loading && <LinearProgress aria-label="Loading findings" />}
        </Box>
        <FindingsTable
          findings={value.items}
          label="Findings"
          onOpen={open}
          emptyText="No finding matches these filters."
        />
        <TablePagination
          component="div"
          count={value.totalCount}
          page={Math.min(
            view.page,
            Math.max(0, Math.ceil(value.totalCount / PAGE_SIZE) - 1),
          )}
          onPageChange={(_, page) => update({ page })}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[]}
        />
      </Box>
    );
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      {props.details === 'own' && (
        <Alert severity="info" variant="outlined">
          This list shows the findings of your team's services only. Platform
          findings and other teams' services are visible to SREs and the
          security team.
        </Alert>
      )}
      <FindingsFilters value={view} choices={props.choices} onChange={update} />
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
          {value
            ? `${value.totalCount.toLocaleString('en-US')} ${
                value.totalCount === 1 ? 'finding' : 'findings'
              }${
                filtered ? ' match these filters' : ''
              }: most severe first, then most recently seen.`
            : ''}
        </Typography>
        <Button
          variant="outlined"
          size="small"
          startIcon={<DownloadIcon />}
          disabled={!value || value.items.length === 0}
          title="The findings on this page, as CSV"
          onClick={() =>
            value &&
            downloadCsv(
              `security-findings-${new Date().toISOString().slice(0, 10)}.csv`,
              findingsCsv(value.items),
            )
          }
        >
          Export CSV
        </Button>
      </Box>
      {list}
      <FindingDetail
        findingId={view.finding}
        summary={value?.items.find(f => f.id === view.finding)}
        onClose={() => update({ finding: undefined })}
      />
    </Box>
  );
}
