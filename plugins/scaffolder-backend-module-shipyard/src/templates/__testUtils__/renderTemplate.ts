import { dryRunTemplate } from './dryRunTemplate';

/** A step of the rendered template, as the scaffolder ran it. */
export interface RenderedStep {
  id: string;
  name: string;
  action: string;
  input?: Record<string, unknown>;
}

/** A template rendered through the scaffolder's dry run. */
export interface RenderedTemplate {
  /** The workspace after every step, by path relative to the repository root, as UTF-8 text. */
  files: Map<string, string>;
  /** The paths of the files rendered executable. */
  executables: Set<string>;
  steps: RenderedStep[];
  /** The task log, one message per line, in order. */
  log: string[];
  /** The template's output (links, text) as the dry run resolved it. */
  output: Record<string, unknown>;
}

/**
 * Renders `templates/<templateName>.yaml` (e.g. `ecs-service`) with the given form values
 * through the scaffolder's dry run and returns what the new repository would contain. Throws
 * with the scaffolder's own message when the values are refused or a step fails.
 */
export async function renderTemplate(
  templateName: string,
  values: Record<string, unknown>,
  options: { secrets?: Record<string, string> } = {},
): Promise<RenderedTemplate> {
  const { status, body } = await dryRunTemplate(templateName, values, options);
  if (status !== 200) {
    const reason = body?.errors
      ? body.errors
          .map(
            (e: { stack?: string; message?: string }) => e.stack ?? e.message,
          )
          .join('; ')
      : body?.error?.message ?? JSON.stringify(body);
    throw new Error(
      `The dry run of ${templateName} answered ${status}: ${reason}`,
    );
  }
  const files = new Map<string, string>();
  const executables = new Set<string>();
  for (const file of body.directoryContents as Array<{
    path: string;
    executable?: boolean;
    base64Content: string;
  }>) {
    files.set(
      file.path,
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    );
    if (file.executable) {
      executables.add(file.path);
    }
  }
  return {
    files,
    executables,
    steps: body.steps,
    log: (body.log as Array<{ body: { message: string } }>).map(
      entry => entry.body.message,
    ),
    output: body.output ?? {},
  };
}
