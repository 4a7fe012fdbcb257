import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { DemoSignInUser } from './DemoSignInUser';
import { demoPersonaDetails } from './demoPersonaDetails';

/** Props for {@link PersonaCard}. */
export interface PersonaCardProps {
  user: DemoSignInUser;
  onSignIn(user: DemoSignInUser): void;
}

const TITLE_LINE_HEIGHT = 1.3;
const TITLE_GAP = '4px';
const CHIP_HEIGHT = '24px';
// Every card's header is as tall as a two-line title above the chip: a long
// title such as "Mei Chen, engineering manager" wraps instead of being cut,
// and the cards' text starts at the same height.
const HEADER_TEXT_MIN_HEIGHT = `calc(${
  2 * TITLE_LINE_HEIGHT
}em + ${TITLE_GAP} + ${CHIP_HEIGHT})`;

function initials(title: string): string {
  return title
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map(word => word[0].toUpperCase())
    .join('');
}

/** One demo user on the sign-in page: who they are and what they can do. */
export const PersonaCard = ({ user, onSignIn }: PersonaCardProps) => {
  const persona = demoPersonaDetails[user.persona];
  return (
    <Card
      variant="outlined"
      component="section"
      aria-label={user.title}
      sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}
    >
      <CardContent sx={{ flexGrow: 1 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
          <Avatar sx={{ bgcolor: persona.color, width: 48, height: 48 }}>
            {initials(user.title)}
          </Avatar>
          <Box
            sx={{
              minWidth: 0,
              textAlign: 'left',
              // The title's font, so that em in the min height is its size.
              typography: 'h6',
              minHeight: HEADER_TEXT_MIN_HEIGHT,
              display: 'flex',
              flexDirection: 'column',
              justifyContent: 'center',
              alignItems: 'flex-start',
            }}
          >
            <Typography
              variant="h6"
              component="h2"
              sx={{ lineHeight: TITLE_LINE_HEIGHT, mb: TITLE_GAP }}
            >
              {user.title}
            </Typography>
            <Chip
              label={persona.label}
              size="small"
              sx={{
                bgcolor: persona.color,
                color: '#ffffff',
                fontWeight: 600,
                height: CHIP_HEIGHT,
                m: 0,
              }}
            />
          </Box>
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {user.description}
        </Typography>
        <Typography variant="overline" color="text.secondary" component="p">
          Can do
        </Typography>
        <Typography variant="body2" sx={{ fontWeight: 500 }}>
          {persona.capabilities}
        </Typography>
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2 }}>
        <Button
          variant="contained"
          fullWidth
          onClick={() => onSignIn(user)}
          aria-label={`Sign in as ${user.title}`}
        >
          Sign in
        </Button>
      </CardActions>
    </Card>
  );
};
