import { dialog } from '../../../behaviors/dialog';
import { isCloudError } from '../../../services/errors';
import { REQUEST_CATEGORIES, categoryLabel } from '../../../shared/categories';
import type { VisitFormOptions, VisitInput } from '../../../utils/dialogs';
import { toastError } from '../../../utils/feedback';
import { NEED_OPTIONS } from '../../../utils/household-views';
import type { FieldErrors } from '../../../utils/validate';

const FRESH = {
  notes: '',
  needs: [] as string[],
  openRequest: false,
  category: '',
  categoryLabel: '',
  description: '',
  memberId: '',
  memberName: '',
  errors: {} as FieldErrors,
  picker: '' as '' | 'category' | 'member',
};

/**
 * 走访登记: notes, the needs found, and optionally a request filed for the household (代为提交诉求: category, for
 * whom, what). Opened by 住户详情: `visitForm(this, '#id').open({…})`; messages show under their fields.
 */
Component({
  behaviors: [dialog],
  data: {
    ...FRESH,
    members: [] as { value: string; label: string }[],
    needOptions: NEED_OPTIONS,
    categoryOptions: REQUEST_CATEGORIES.map(({ value, label }) => ({ value, label })),
  },
  methods: {
    open(options: VisitFormOptions): Promise<unknown> {
      return this.openWith(options, { ...FRESH, openRequest: options.openRequest, members: options.members });
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, errors: {} });
    },

    onNeeds(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ needs: e.detail.value });
    },

    onOpenRequest(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ openRequest: e.detail.value, errors: {} });
    },

    openCategory() {
      this.setData({ picker: 'category' });
    },

    openMemberPicker() {
      this.setData({ picker: 'member' });
    },

    closePicker() {
      this.setData({ picker: '' });
    },

    onPicked(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const value = e.detail.value[0] ?? '';
      if (this.data.picker === 'category')
        this.setData({ category: value, categoryLabel: categoryLabel(value), errors: {} });
      else {
        const name = this.data.members.find((m) => m.value === value)?.label ?? '';
        this.setData({ memberId: value, memberName: name });
      }
      this.setData({ picker: '' });
    },

    /** The visit as entered: notes default to 代为提交诉求 when only a request is filed. */
    entries(): VisitInput {
      const d = this.data;
      const notes = d.notes.trim() || (d.openRequest ? '代为提交诉求' : '');
      return {
        notes,
        ...(d.needs.length ? { needs: d.needs } : {}),
        ...(d.openRequest
          ? {
              openRequest: {
                category: d.category,
                description: d.description,
                ...(d.memberId ? { memberId: d.memberId } : {}),
              },
            }
          : {}),
      };
    },

    async save(): Promise<void> {
      const { result, error } = await this.runSubmit(this.entries());
      if (isCloudError(error, 'INVALID_ARGUMENT') && error.fields) this.setData({ errors: error.fields });
      else if (error) toastError(error);
      else if (result !== undefined) this.finish(result);
    },
  },
});
