import * as v from 'valibot';
import { ROLES } from '../orgs';
import { REQUEST_LANGUAGES } from '../requests';
import { contactPhone, id, listParams, mobilePhone, text } from './common';

/** At most this many languages in a profile. */
export const MAX_PROFILE_LANGUAGES = 5;

const inviteCode = v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '邀请码无效'));

export const usersSchemas = {
  me: v.strictObject({}),
  updateProfile: v.strictObject({
    name: v.optional(text(30)),
    phone: v.optional(v.union([mobilePhone, v.literal('')], '请输入 11 位手机号')),
    /** The languages a staff member speaks besides Mandarin: their queue offers requests asking for them first. */
    languages: v.optional(
      v.pipe(
        v.array(v.picklist(REQUEST_LANGUAGES, '请从列表中选择语言'), '必须是语言列表'),
        v.maxLength(MAX_PROFILE_LANGUAGES, `最多选择 ${MAX_PROFILE_LANGUAGES} 种语言`),
        v.check((list) => new Set(list).size === list.length, '语言不能重复'),
      ),
    ),
  }),
  setHome: v.strictObject({ orgId: id }),
  createInvite: v.strictObject({ role: v.picklist(ROLES, '角色无效'), orgId: id }),
  redeemInvite: v.strictObject({
    code: inviteCode,
    /** A grid worker's card as residents see it (the grid's contact name, phone): orgs.updateContact's rules. */
    card: v.optional(v.strictObject({ name: text(30), phone: contactPhone })),
  }),
  listGrants: v.strictObject({ orgId: id, ...listParams }),
  revokeGrant: v.strictObject({ id }),
  invites: v.strictObject({ orgId: id, ...listParams }),
  /** Exactly one of the two (checked by the handler, which names both fields when neither or both are given). */
  revokeInvite: v.strictObject({ code: v.optional(inviteCode), inviteId: v.optional(id) }),
};
