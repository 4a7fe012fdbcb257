/** The statement Shipyard owns in a repository policy; other statements are left as they are. */
export const PULL_STATEMENT_ID = 'ShipyardEnvironmentsPull';

/** What an environment's account needs to pull an image from the artifact account. */
export const PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
];

interface PolicyStatement {
  Sid?: string;
  [key: string]: unknown;
}

interface Policy {
  Version?: string;
  Statement?: PolicyStatement | PolicyStatement[];
  [key: string]: unknown;
}

function pullStatement(accountIds: readonly string[]): PolicyStatement {
  return {
    Sid: PULL_STATEMENT_ID,
    Effect: 'Allow',
    Principal: {
      AWS: accountIds.map(accountId => `arn:aws:iam::${accountId}:root`),
    },
    Action: PULL_ACTIONS,
  };
}

const sortedList = (value: unknown) =>
  [value ?? []]
    .flat()
    .map(v => String(v))
    .sort();

/**
 * Whether a statement is Shipyard's for exactly these accounts. Compared by meaning, not by
 * text: AWS may give a policy back reformatted, a one-item list as a plain string, or an
 * account root as its bare id.
 */
function grantsExactly(
  statement: PolicyStatement,
  accountIds: readonly string[],
): boolean {
  const { Sid, Effect, Principal, Action, ...rest } = statement;
  const principals = sortedList((Principal as { AWS?: unknown })?.AWS).map(p =>
    /^\d{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p,
  );
  return (
    Effect === 'Allow' &&
    Object.keys(rest).length === 0 &&
    typeof Principal === 'object' &&
    Object.keys(Principal ?? {}).length === 1 &&
    JSON.stringify(principals) ===
      JSON.stringify(
        sortedList(accountIds.map(a => `arn:aws:iam::${a}:root`)),
      ) &&
    JSON.stringify(sortedList(Action)) ===
      JSON.stringify(sortedList(PULL_ACTIONS))
  );
}

/**
 * The repository policy that lets `accountIds` pull, given the current one (undefined when the
 * repository has none): Shipyard's statement is added or replaced, any other statement (one the
 * platform team added by hand) is kept.
 *
 * @returns the policy to set, or undefined when the current one already grants exactly that.
 */
export function pullPolicy(
  currentPolicyText: string | undefined,
  accountIds: readonly string[],
): string | undefined {
  const current: Policy = currentPolicyText
    ? JSON.parse(currentPolicyText)
    : {};
  const statements = current.Statement
    ? [current.Statement].flat()
    : ([] as PolicyStatement[]);
  const wanted = pullStatement(accountIds);
  const existing = statements.find(s => s.Sid === PULL_STATEMENT_ID);
  if (existing && grantsExactly(existing, accountIds)) {
    return undefined;
  }
  return JSON.stringify({
    ...current,
    Version: current.Version ?? '2012-10-17',
    Statement: [...statements.filter(s => s.Sid !== PULL_STATEMENT_ID), wanted],
  });
}
