import { ReactNode, useId } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** Props for {@link HomeSection}. */
export interface HomeSectionProps {
  title: string;
  /** Who the section is for and what it shows, in one sentence. */
  description?: ReactNode;
  /** A call to action shown beside the heading. */
  action?: ReactNode;
  children: ReactNode;
}

/** A headed region of the home page; the heading names it for assistive tech. */
export const HomeSection = ({
  title,
  description,
  action,
  children,
}: HomeSectionProps) => {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ mb: 5 }}>
      <Box
        sx={{
          display: 'flex',
          alignItems: { xs: 'flex-start', sm: 'flex-end' },
          flexDirection: { xs: 'column', sm: 'row' },
          gap: 2,
          mb: 2,
        }}
      >
        <Box sx={{ flexGrow: 1 }}>
          <Typography
            id={headingId}
            variant="h5"
            component="h2"
            sx={{ fontWeight: 700 }}
          >
            {title}
          </Typography>
          {description && (
            <Typography variant="body2" color="text.secondary" component="div">
              {description}
            </Typography>
          )}
        </Box>
        {action}
      </Box>
      {children}
    </Box>
  );
};
