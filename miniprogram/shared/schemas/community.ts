import * as v from 'valibot';
import { MAX_SESSION_HOURS, MIN_SESSION_HOURS, PAIR_STATUSES } from '../community';
import { id, listParams, optionalText, text } from './common';
import { isoTime } from './events';

/** Hours of one session: a number in half-hour steps, 0.5..12 (a string or an object is refused as such). */
const hours = v.pipe(
  v.number('必须是数字'),
  v.minValue(MIN_SESSION_HOURS, `每次至少 ${MIN_SESSION_HOURS} 小时`),
  v.maxValue(MAX_SESSION_HOURS, `每次最多 ${MAX_SESSION_HOURS} 小时`),
  v.check((n) => Number.isInteger(n * 2), '以半小时为单位'),
);

const twoHouseholds = v.pipe(
  v.array(id, '必须是住户列表'),
  v.length(2, '请选择两户家庭'),
  v.check((ids) => ids[0] !== ids[1], '请选择两户不同的家庭'),
);

export const communitySchemas = {
  createPair: v.strictObject({ orgId: id, households: twoHouseholds, note: optionalText(200) }),
  pairs: v.strictObject({
    orgId: v.optional(id),
    status: v.optional(v.picklist(PAIR_STATUSES, '状态无效')),
    /** The pairs of the caller's own household, also for a worker who is a resident too. */
    mine: v.optional(v.boolean('必须是是/否')),
    ...listParams,
  }),
  getPair: v.strictObject({ id }),
  logPairActivity: v.strictObject({ pairId: id, note: text(300), at: isoTime }),
  endPair: v.strictObject({ pairId: id, reason: text(200) }),

  createTeam: v.strictObject({ orgId: id, name: text(30), description: optionalText(300) }),
  teams: v.strictObject({ orgId: v.optional(id) }),
  getTeam: v.strictObject({ id }),
  joinTeam: v.strictObject({ teamId: id }),
  leaveTeam: v.strictObject({ teamId: id }),
  /** The team's lead, one of its members (staff in scope). */
  setLead: v.strictObject({ teamId: id, memberId: id }),
  /** Either a member of the team (`memberId`) or, for a volunteer without the mini program, a name. */
  logHours: v.pipe(
    v.strictObject({
      teamId: id,
      memberId: v.optional(id),
      memberName: v.optional(text(30)),
      hours,
      at: isoTime,
      note: text(200),
    }),
    v.forward(
      v.check((i) => (i.memberId === undefined) !== (i.memberName === undefined), '请选择队员或填写姓名（二选一）'),
      ['memberId'],
    ),
  ),
  myHours: v.strictObject({}),
  teamHours: v.strictObject({
    teamId: id,
    months: v.optional(
      v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(1, '最小为 1'), v.maxValue(24, '最大为 24')),
    ),
  }),
};
