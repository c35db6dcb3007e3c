import type { CompletenessFact, MemberFacts } from '../../miniprogram/shared/households';
import { COMPLETENESS_FACT_KEYS, completeness } from '../../miniprogram/shared/households';
import { settingList } from '../core/settings';
import type { MemberDoc } from './model';

/** The facts completeness counts: HOUSEHOLD_REQUIRED_FACTS (comma-separated; unknown names are ignored). */
export function requiredFacts(): CompletenessFact[] {
  return settingList('HOUSEHOLD_REQUIRED_FACTS').filter((s): s is CompletenessFact =>
    (COMPLETENESS_FACT_KEYS as string[]).includes(s),
  );
}

export function memberFacts(m: MemberDoc): MemberFacts {
  return {
    memberId: m._id,
    name: m.name,
    residency: m.residency,
    idNumber: Boolean(m.idNumberEnc),
    phone: Boolean(m.phoneEnc),
    birthDate: Boolean(m.idNumberEnc || m.birthYear),
    origin: Boolean(m.origin),
    arrivedAt: Boolean(m.arrivedAt),
    occupation: Boolean(m.occupation),
    languages: m.languages.length > 0,
  };
}

/** Score and missing facts of a household, counting only the members still living there. */
export function completenessOf(housing: string | null, members: MemberDoc[]) {
  const active = members.filter((m) => m.status === 'active');
  return completeness({ housing: housing ?? undefined, members: active.map(memberFacts) }, requiredFacts());
}
