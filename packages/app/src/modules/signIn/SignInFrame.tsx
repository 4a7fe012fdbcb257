import { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Typography from '@mui/material/Typography';
import { ShipyardMark } from '../../components/ShipyardMark';

/** Props for {@link SignInFrame}. */
export interface SignInFrameProps {
  /** One or two sentences under the title. */
  subtitle?: ReactNode;
  children: ReactNode;
}

/** The branded page around every state of the sign-in flow. */
export const SignInFrame = ({ subtitle, children }: SignInFrameProps) => (
  <Box
    component="main"
    sx={{
      minHeight: '100vh',
      bgcolor: 'background.default',
      py: { xs: 4, md: 8 },
    }}
  >
    <Container maxWidth="lg">
      <Box
        sx={{
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          textAlign: 'center',
          mb: 5,
        }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 2 }}>
          <ShipyardMark size={48} />
          <Typography variant="h3" component="h1" sx={{ fontWeight: 700 }}>
            Shipyard
          </Typography>
        </Box>
        {subtitle && (
          <Typography
            variant="body1"
            color="text.secondary"
            sx={{ maxWidth: 640 }}
          >
            {subtitle}
          </Typography>
        )}
      </Box>
      {children}
    </Container>
  </Box>
);
