import { makeStyles } from '@material-ui/core/styles';

/**
 * A class for a container whose live indicators (chips, bars) show data
 * that could not be refreshed: they turn grey, like the DR tab's.
 */
export const useStaleStyles = makeStyles({
  stale: { '& [data-live="true"]': { filter: 'grayscale(100%)' } },
});
