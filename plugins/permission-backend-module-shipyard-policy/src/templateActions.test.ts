import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { templateActions } from './templateActions';

const templatesDir = path.resolve(__dirname, '../../../templates');

/** Every `action` of every step of every template in templates/<name>.yaml. */
function actionsTheTemplatesUse(): Set<string> {
  const used = new Set<string>();
  for (const file of fs.readdirSync(templatesDir)) {
    if (!file.endsWith('.yaml')) continue;
    const text = fs.readFileSync(path.join(templatesDir, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const template = doc.toJS();
      if (template?.kind !== 'Template') continue;
      for (const step of template.spec?.steps ?? []) used.add(step.action);
    }
  }
  return used;
}

describe('templateActions', () => {
  it("is exactly the set of actions Shipyard's templates run", () => {
    // A new step in a template fails here until the policy lets developers run it; an action
    // no template uses any more is taken away from developers.
    const used = actionsTheTemplatesUse();
    expect(used.size).toBeGreaterThan(0);
    expect([...used].sort()).toEqual([...templateActions].sort());
  });
});
