/** Online / reconnecting badge with the reason and the next try. */
export function HostStatusBadge({
  status,
  summary,
  testId,
}: {
  status: string;
  summary: string | null;
  testId: string;
}) {
  const online = status === 'online';
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center gap-1 text-xs ${online ? 'text-green-700' : 'text-amber-700'}`}
    >
      <span aria-hidden>{online ? '●' : '○'}</span>
      {online ? 'online' : (summary ?? status)}
    </span>
  );
}
