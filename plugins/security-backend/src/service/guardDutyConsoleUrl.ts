/**
 * The finding in the GuardDuty console of its region (the console opens in
 * whichever account the person is signed in to: the finding's own).
 */
export function guardDutyConsoleUrl(region: string, findingId: string): string {
  const r = encodeURIComponent(region);
  return `https://${r}.console.aws.amazon.com/guardduty/home?region=${r}#/findings?macros=current&fId=${encodeURIComponent(
    findingId,
  )}`;
}
