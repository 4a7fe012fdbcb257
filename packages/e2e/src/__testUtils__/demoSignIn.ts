/**
 * Signs in through the development `demo` auth provider the way the sign-in page does, and returns
 * the Backstage token, for journeys that check server-side decisions directly.
 */
export async function demoToken(
  baseUrl: string,
  userRef: string,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/demo/refresh`, {
    headers: {
      'x-shipyard-demo-user': userRef,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  if (!res.ok) {
    throw new Error(
      `demo sign-in as ${userRef} failed: ${res.status} ${await res.text()}`,
    );
  }
  const body = await res.json();
  return body.backstageIdentity.token;
}
