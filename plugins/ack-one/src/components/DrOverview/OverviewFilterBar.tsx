import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { Choice, OverviewFilters } from './rows';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'flex-end',
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 160 },
  search: { minWidth: 240 },
}));

const SelectFilter = (props: {
  id: string;
  label: string;
  value: string;
  choices: Choice[];
  onChange: (value: string) => void;
}) => {
  const classes = useStyles();
  // A value the rows no longer have (e.g. from the URL) stays selectable.
  const choices =
    props.value && !props.choices.some(c => c.value === props.value)
      ? [...props.choices, { value: props.value, label: props.value }]
      : props.choices;
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      className={classes.select}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      <MenuItem value="">All</MenuItem>
      {choices.map(c => (
        <MenuItem key={c.value} value={c.value}>
          {c.label}
        </MenuItem>
      ))}
    </TextField>
  );
};

/** The select filters, in order: which filter, its label, its choices. */
const SELECTS = [
  { key: 'owner', label: 'Owner', choices: 'owners' },
  { key: 'system', label: 'System', choices: 'systems' },
  { key: 'fleet', label: 'Fleet', choices: 'fleets' },
  { key: 'state', label: 'State', choices: 'states' },
] as const;

/** The search box and the owner, system, Fleet and state filters. */
export const OverviewFilterBar = (props: {
  filters: OverviewFilters;
  choices: {
    owners: Choice[];
    systems: Choice[];
    fleets: Choice[];
    states: Choice[];
  };
  onChange: (filters: OverviewFilters) => void;
}) => {
  const classes = useStyles();
  const { filters, choices, onChange } = props;
  const set = (key: keyof OverviewFilters) => (value: string) =>
    onChange({ ...filters, [key]: value });
  return (
    <div className={classes.bar} role="search" aria-label="Filter services">
      <TextField
        id="ack-one-overview-search"
        label="Search services"
        type="search"
        value={filters.search}
        onChange={e => set('search')(e.target.value)}
        className={classes.search}
      />
      {SELECTS.map(select => (
        <SelectFilter
          key={select.key}
          id={`ack-one-overview-${select.key}`}
          label={select.label}
          value={filters[select.key]}
          choices={choices[select.choices]}
          onChange={set(select.key)}
        />
      ))}
    </div>
  );
};
