/** The application shell; the review desk and the other views mount here. */
export function App(): React.JSX.Element {
  return (
    <main>
      <h1>AgentMix Studio</h1>
    </main>
  );
}
