import { useState } from 'react';
import { ServiceCounts, SeverityBand } from '@internal/plugin-security-common';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { humanizeRef, ServiceLink } from '@internal/shipyard-react';
import { bandColor, bandLabel, MAIN_BANDS } from '../../format/bands';

const ROWS_PER_PAGE = 50;
const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/**
 * Active findings per service and environment, counts only, most severe
 * first as the backend orders them: what a caller who may not open findings
 * (a manager, by default) sees of each service.
 */
export function ServiceCountsTable(props: {
  services: readonly ServiceCounts[];
  environment?: string;
}) {
  const [page, setPage] = useState(0);
  const rows = props.services.filter(
    s => !props.environment || s.environment === props.environment,
  );
  // Findings without a usable severity get a column only when there are some.
  const bands: SeverityBand[] = rows.some(s => s.counts.unknown > 0)
    ? [...MAIN_BANDS, 'unknown']
    : [...MAIN_BANDS];
  const visible = rows.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE);
  return (
    <Box>
      <TableContainer>
        <Table size="small" aria-label="Findings by service">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Team</TableCell>
              <TableCell>Environment</TableCell>
              {bands.map(band => (
                <TableCell
                  key={band}
                  align="right"
                  sx={{
                    borderBottomColor: bandColor[band].fill,
                    borderBottomWidth: 3,
                  }}
                >
                  {bandLabel[band]}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {visible.length > 0 ? (
              visible.map(s => (
                <TableRow key={`${s.entityRef}@${s.environment}`}>
                  <TableCell component="th" scope="row">
                    <ServiceLink
                      entityRef={s.entityRef}
                      label={s.title ?? humanizeRef(s.entityRef, 'component')}
                      path="security"
                    />
                  </TableCell>
                  <TableCell>
                    {s.owner ? humanizeRef(s.owner, 'group') : '—'}
                  </TableCell>
                  <TableCell>{s.environment}</TableCell>
                  {bands.map(band => (
                    <TableCell
                      key={band}
                      align="right"
                      sx={{
                        ...numeric,
                        color:
                          s.counts[band] === 0 ? 'text.disabled' : undefined,
                        fontWeight: s.counts[band] > 0 ? 600 : undefined,
                      }}
                    >
                      {s.counts[band]}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            ) : (
              <TableRow>
                <TableCell colSpan={3 + bands.length}>
                  <Typography
                    variant="body2"
                    color="text.secondary"
                    sx={{ py: 2 }}
                  >
                    No service has an active finding.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length > ROWS_PER_PAGE && (
        <TablePagination
          component="div"
          count={rows.length}
          page={page}
          onPageChange={(_, next) => setPage(next)}
          rowsPerPage={ROWS_PER_PAGE}
          rowsPerPageOptions={[]}
        />
      )}
    </Box>
  );
}
