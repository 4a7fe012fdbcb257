import { Fragment } from 'react';

/**
 * A GuardDuty finding type ("PrivilegeEscalation:Runtime/DockerSocketAccessed")
 * that wraps after its ':' and '/' rather than in the middle of a word.
 */
export function BreakableType(props: { type: string }) {
  const parts = props.type.split(/(?<=[:/])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
