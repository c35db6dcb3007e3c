import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { CloudCallError } from '../../../services/errors';
import { addMember, getHousehold, updateMember } from '../../../services/households';
import { householdsSchemas } from '../../../shared/schemas/households';
import { formErrors, toast, toastDone, whileBusy } from '../../../utils/feedback';
import {
  draftFromView,
  emptyMember,
  errorsUnder,
  memberInput,
  memberPatch,
  type MemberDraft,
} from '../../../utils/household-views';
import { goBack } from '../../../utils/navigate';
import { validated, type FieldErrors } from '../../../utils/validate';

/**
 * 成员信息: adds a member to a household (`?id=`) or edits one (`?id=&memberId=`). A registered member's ID number
 * and phone are never sent back to the phone: their masks show as placeholders, and a field left blank keeps them.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    memberId: '',
    addressText: '',
    member: emptyMember(),
    before: emptyMember(),
    errors: {} as FieldErrors,
    submitting: false,
    /** The server allows the change (`can.addMember`, or the member's `can.update`): else 保存 is not offered. */
    allowed: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', memberId: query.memberId ?? '' });
      wx.setNavigationBarTitle({ title: query.memberId ? '修改成员' : '添加成员' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const h = await getHousehold(this.data.id);
      const found = this.data.memberId ? h.members.find((m) => m.memberId === this.data.memberId) : undefined;
      if (this.data.memberId && !found) throw new CloudCallError('NOT_FOUND', '成员不存在');
      const draft = found ? draftFromView(found) : emptyMember();
      const allowed = found ? found.can.update : h.can.addMember;
      return { addressText: h.addressText, member: draft, before: draft, allowed };
    },

    onMemberChange(e: WechatMiniprogram.CustomEvent<{ member: MemberDraft }>) {
      this.setData({ member: e.detail.member, errors: {} });
    },

    submit() {
      return whileBusy(this, 'submitting', () => this.save());
    },

    /** A new member in full; a registered one only with what changed (nothing changed: nothing is sent). */
    async save(): Promise<void> {
      const { id, memberId, member, before } = this.data;
      try {
        if (memberId) {
          const input = validated(householdsSchemas.updateMember, {
            id,
            memberId,
            member: memberPatch(member, before),
          });
          if (!Object.keys(input.member).length) {
            toast('没有修改');
            return;
          }
          await updateMember(input);
        } else {
          await addMember(validated(householdsSchemas.addMember, { id, member: memberInput(member) }));
        }
        toastDone('已保存');
        goBack();
      } catch (err) {
        this.setData({ errors: errorsUnder(formErrors(err, '请按提示修改后再保存') ?? {}, 'member') });
      }
    },
  },
});
