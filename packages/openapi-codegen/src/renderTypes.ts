import openapiTS, { astToString } from 'openapi-typescript';

/** `paths`, `components` and `operations` types from the spec, by openapi-typescript. */
export async function renderTypes(spec: object): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(spec)), {
    alphabetize: false,
    exportType: true,
  });
  return astToString(ast);
}
