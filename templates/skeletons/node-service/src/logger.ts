/** One JSON object per line on stdout: what CloudWatch Logs and most log pipelines parse. */
export type Log = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

export function createLogger(
  service: string,
  write: (line: string) => void = line => process.stdout.write(line),
): Log {
  return (level, message, fields = {}) => {
    write(
      `${JSON.stringify({
        time: new Date().toISOString(),
        level,
        service,
        message,
        ...fields,
      })}\n`,
    );
  };
}
