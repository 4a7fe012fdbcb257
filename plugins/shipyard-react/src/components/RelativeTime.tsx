import {
  formatAbsoluteTime,
  formatRelativeTime,
} from '../format/formatRelativeTime';
import { useNow } from '../format/useNow';

/** "4 minutes ago", with the absolute time in its title. */
export function RelativeTime(props: { at: string }) {
  const now = useNow();
  return (
    <time
      dateTime={props.at}
      title={formatAbsoluteTime(props.at)}
      style={{ whiteSpace: 'nowrap' }}
    >
      {formatRelativeTime(props.at, now)}
    </time>
  );
}
