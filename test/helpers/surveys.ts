import { fixtureAdmin, type TestProject } from './project';

/** A survey of 中心区社区 (or `orgKey`) from a built-in template, created by a fixture admin and (by default) published. */
export async function newSurvey(
  p: TestProject,
  opts: { template?: string; publish?: boolean; orgKey?: string; fields?: Record<string, unknown> } = {},
): Promise<{ id: string; scene: string; questions: Question[] }> {
  const { items } = await p.ok('staff', 'surveys', 'templates');
  const template = items.find((t: { key: string }) => t.key === (opts.template ?? 'migrant_needs'));
  const admin = fixtureAdmin();
  const { id, scene } = await p.ok(admin, 'surveys', 'create', {
    orgId: p.orgId(opts.orgKey ?? 'zxq'),
    title: template.title,
    intro: template.intro,
    questions: template.questions,
    fromTemplate: template.key,
    ...opts.fields,
  });
  if (opts.publish !== false) await p.ok(admin, 'surveys', 'publish', { id });
  return { id, scene, questions: (opts.fields?.questions as Question[]) ?? template.questions };
}

export interface Question {
  id: string;
  type: string;
  title: string;
  options?: string[];
  required?: boolean;
}
