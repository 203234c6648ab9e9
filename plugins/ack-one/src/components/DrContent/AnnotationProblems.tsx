import { DrProblem } from '@internal/plugin-ack-one-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/**
 * The errors in a service's DR annotations, each in its own words, and
 * where to fix them.
 */
export const AnnotationProblems = (props: {
  problems: DrProblem[];
  entityRef: string;
  /** True when the errors keep the rest of the status from being shown. */
  blocking: boolean;
}) => {
  const { problems, entityRef, blocking } = props;
  const annotations = [
    ...new Set(problems.map(p => p.annotation).filter(Boolean)),
  ] as string[];
  return (
    <Alert
      severity="error"
      data-testid="ack-one-dr-problems"
      aria-label="Disaster recovery annotation problems"
    >
      <AlertTitle>
        {blocking
          ? 'Disaster recovery status unavailable: fix the annotations'
          : 'Fix the disaster recovery annotations'}
      </AlertTitle>
      <Typography variant="body2">
        {annotations.length > 0
          ? `Check ${annotations.join(
              ', ',
            )} in the catalog-info.yaml of ${entityRef}:`
          : `Check the annotations in the catalog-info.yaml of ${entityRef}:`}
      </Typography>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <Typography variant="body2">{p.message}</Typography>
          </li>
        ))}
      </ul>
      <Typography variant="body2">
        {blocking
          ? 'The clusters, workloads and traffic are shown once these are fixed and the catalog has processed the change.'
          : 'What is shown below may be incomplete until these are fixed.'}
      </Typography>
    </Alert>
  );
};
