import { dismissLoadProblem, useLoadProblems } from './load-failed';

/** The failures of the app's first loads (load-failed.ts), each with a Dismiss button. */
export function LoadProblems(): React.JSX.Element | null {
  const problems = useLoadProblems();
  if (problems.length === 0) return null;
  return (
    <div className="load-problems">
      {problems.map((problem) => (
        <p className="connection" role="alert" key={problem}>
          {problem}
          <button type="button" onClick={() => dismissLoadProblem(problem)} aria-label="Dismiss the message">
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
