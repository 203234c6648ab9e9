import { formatRelative, formatTime } from './presentation';

/**
 * A time in the plugin's one format (`08:00:05 UTC`), with how long ago it
 * was on hover. Renders nothing for no time.
 */
export const Time = (props: { iso?: string; testId?: string }) => {
  const { iso } = props;
  if (!iso) return null;
  const now = new Date();
  const relative = formatRelative(iso, now);
  const full = new Date(iso);
  return (
    <time
      dateTime={iso}
      title={
        Number.isNaN(full.getTime())
          ? undefined
          : `${relative} (${full.toLocaleString(undefined, {
              dateStyle: 'medium',
              timeStyle: 'long',
            })})`
      }
      data-testid={props.testId}
    >
      {formatTime(iso, now)}
    </time>
  );
};
