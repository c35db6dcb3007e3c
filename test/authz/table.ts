import type { Persona, TestProject } from '../helpers/project';

export type Expect = 'ok' | 'PERMISSION_DENIED' | 'NOT_FOUND';
export type Who = Exclude<Persona, 'anonymous'>;
export const EVERYONE: Who[] = ['resident', 'gridWorker', 'staff', 'streetAdmin', 'rootAdmin', 'chengduStaff'];

/** One line of the authorization table: an action, a case, and the expected answer for each caller. */
export interface Row {
  fn: string;
  action: string;
  /** What the row is about, e.g. "in scope" / "outside scope". */
  case: string;
  /** Builds a fresh, valid input (called once per caller, so one-shot inputs like invites work). */
  input: (p: TestProject) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Expected answer per caller; callers not listed expect `otherwise`. */
  allow: Partial<Record<Who, Expect>>;
  otherwise: Expect;
}

export const all = (e: Expect): Partial<Record<Who, Expect>> => Object.fromEntries(EVERYONE.map((w) => [w, e]));
