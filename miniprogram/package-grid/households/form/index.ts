import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { createHousehold, getHousehold, updateHousehold } from '../../../services/households';
import { getOrg } from '../../../services/orgs';
import { newClientToken } from '../../../services/requests';
import type { HouseholdView } from '../../../shared/api';
import { HOUSING_TYPES, MAX_MEMBERS, labelOf } from '../../../shared/households';
import { ROUTES } from '../../../shared/routes';
import { householdsSchemas } from '../../../shared/schemas/households';
import { formErrors, toastDone, whileBusy } from '../../../utils/feedback';
import {
  HOUSING_OPTIONS,
  TAG_OPTIONS,
  emptyMember,
  errorsUnder,
  memberInput,
  type MemberDraft,
} from '../../../utils/household-views';
import { goBack, replace } from '../../../utils/navigate';
import { requirePrivacy } from '../../../utils/privacy';
import { validated, type FieldErrors } from '../../../utils/validate';

interface AddressDraft {
  estate: string;
  building: string;
  unit: string;
  room: string;
}

function addressInput(a: AddressDraft) {
  return {
    building: a.building.trim(),
    room: a.room.trim(),
    ...(a.estate.trim() ? { estate: a.estate.trim() } : {}),
    ...(a.unit.trim() ? { unit: a.unit.trim() } : {}),
  };
}

/**
 * 登记住户 (`?gridId=`): address, housing, tags and one form per member (member-form), checked with the function's
 * own schema so that each message shows under its field; one clientToken per form, so a double tap registers one
 * household. With `?id=` it edits a registered household's address, housing and tags (members have their own page).
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    mode: 'create' as 'create' | 'edit',
    id: '',
    gridId: '',
    gridName: '',
    address: { estate: '', building: '', unit: '', room: '' } as AddressDraft,
    housing: '',
    housingLabel: '',
    housingOptions: HOUSING_OPTIONS,
    housingPicker: false,
    tags: [] as string[],
    tagOptions: TAG_OPTIONS,
    members: [emptyMember()] as MemberDraft[],
    memberErrors: [{}] as FieldErrors[],
    errors: {} as FieldErrors,
    submitting: false,
    clientToken: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        mode: query.id ? 'edit' : 'create',
        id: query.id ?? '',
        gridId: query.gridId ?? '',
        clientToken: newClientToken(),
      });
      if (query.id) wx.setNavigationBarTitle({ title: '修改住户信息' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      if (this.data.mode === 'edit') this.fill(await getHousehold(this.data.id));
      else this.setData({ gridName: (await getOrg(this.data.gridId)).name });
    },

    fill(h: HouseholdView) {
      const a = h.address;
      this.setData({
        gridId: h.gridId,
        gridName: h.gridName ?? '',
        address: { estate: a.estate ?? '', building: a.building, unit: a.unit ?? '', room: a.room },
        housing: h.housing ?? '',
        housingLabel: h.housing ? labelOf(HOUSING_TYPES, h.housing) : '',
        tags: [...h.tags],
      });
    },

    onAddress(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof AddressDraft }>,
    ) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`address.${field}`]: e.detail.value, errors: { ...this.data.errors, [`address.${field}`]: '' } });
    },

    openHousing() {
      this.setData({ housingPicker: true });
    },

    closeHousing() {
      this.setData({ housingPicker: false });
    },

    onHousing(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const housing = e.detail.value[0] ?? '';
      this.setData({ housingPicker: false, housing, housingLabel: housing ? labelOf(HOUSING_TYPES, housing) : '' });
    },

    onTags(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ tags: e.detail.value });
    },

    onMemberChange(e: WechatMiniprogram.CustomEvent<{ index: number; member: MemberDraft }>) {
      const { index, member } = e.detail;
      this.setData({ [`members[${index}]`]: member, [`memberErrors[${index}]`]: {} });
    },

    addMember() {
      if (this.data.members.length >= MAX_MEMBERS) return;
      this.setData({ members: [...this.data.members, emptyMember()], memberErrors: [...this.data.memberErrors, {}] });
    },

    removeMember(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const keep = (_: unknown, i: number) => i !== e.detail.index;
      this.setData({ members: this.data.members.filter(keep), memberErrors: this.data.memberErrors.filter(keep) });
    },

    /** Puts each message under its field: `address.room` on the address, `members.1.idNumber` on the second member. */
    showErrors(err: unknown) {
      const errors = formErrors(err);
      if (errors)
        this.setData({ errors, memberErrors: this.data.members.map((_, i) => errorsUnder(errors, `members.${i}`)) });
    },

    submit() {
      return whileBusy(this, 'submitting', () => (this.data.mode === 'edit' ? this.saveEdit() : this.saveNew()));
    },

    async saveNew(): Promise<void> {
      const { gridId, address, housing, tags, members, clientToken } = this.data;
      try {
        const input = validated(householdsSchemas.create, {
          gridId,
          address: addressInput(address),
          ...(housing ? { housing } : {}),
          ...(tags.length ? { tags } : {}),
          members: members.map(memberInput),
          clientToken,
        });
        // Names, ethnicity, ID numbers and phones of other people: WeChat's privacy consent first.
        if (!(await requirePrivacy('登记'))) return;
        const created = await createHousehold(input);
        toastDone('已登记');
        replace(ROUTES.householdDetail(created.id, { created: true }));
      } catch (err) {
        this.showErrors(err);
      }
    },

    async saveEdit(): Promise<void> {
      const { id, address, housing, tags } = this.data;
      try {
        await updateHousehold(
          validated(householdsSchemas.update, { id, address: addressInput(address), housing, tags }),
        );
        toastDone('已保存');
        goBack();
      } catch (err) {
        this.showErrors(err);
      }
    },
  },
});
