import dayjs from 'dayjs';
import { ethnicityName } from '../../../shared/ethnicity';
import { RELATIONS, labelOf } from '../../../shared/households';
import {
  ETHNICITY_OPTIONS,
  GENDER_OPTIONS,
  LANGUAGE_OPTIONS,
  NEED_OPTIONS,
  RELATION_OPTIONS,
  RESIDENCY_OPTIONS,
  emptyMember,
  withIdNumber,
  type MemberDraft,
} from '../../../utils/household-views';

type DateField = 'birthDate' | 'arrivedAt';

/**
 * One member of a household form: name, gender, ethnicity (GB/T 3304 picker), relation, ID number (a valid one
 * fills in birth date and gender), phone, registered or floating with origin and arrival, occupation, languages and
 * needs. It holds no state of its own: every change is emitted as `change` with `{ index, member }`, and the
 * messages under each field come in through `errors` (keyed by field, from the shared schema or the cloud).
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    member: { type: Object, value: emptyMember() },
    errors: { type: Object, value: {} },
    index: { type: Number, value: 0 },
    title: { type: String, value: '成员' },
    removable: { type: Boolean, value: false },
  },
  data: {
    ethnicityLabel: '',
    relationLabel: '',
    ethnicityOptions: ETHNICITY_OPTIONS,
    relationOptions: RELATION_OPTIONS,
    genderOptions: GENDER_OPTIONS,
    residencyOptions: RESIDENCY_OPTIONS,
    languageOptions: LANGUAGE_OPTIONS,
    needOptions: NEED_OPTIONS,
    picker: '' as '' | 'ethnicity' | 'relation',
    dateField: '' as '' | DateField,
    dateValue: '',
    today: dayjs().format('YYYY-MM-DD'),
  },
  observers: {
    member(m: MemberDraft) {
      this.setData({
        ethnicityLabel: m.ethnicity ? `${m.ethnicity} ${ethnicityName(m.ethnicity)}` : '',
        relationLabel: m.relation ? labelOf(RELATIONS, m.relation) : '',
      });
    },
  },
  methods: {
    emit(member: MemberDraft) {
      this.triggerEvent('change', { index: this.data.index, member });
    },

    patch(fields: Partial<MemberDraft>) {
      this.emit({ ...(this.data.member as MemberDraft), ...fields });
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof MemberDraft }>) {
      this.patch({ [e.currentTarget.dataset.field]: e.detail.value });
    },

    onIdNumber(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.emit(withIdNumber(this.data.member as MemberDraft, e.detail.value));
    },

    onGender(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.patch({ gender: e.detail.value });
    },

    onResidency(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.patch({ residency: e.detail.value });
    },

    onLanguages(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.patch({ languages: e.detail.value });
    },

    onNeeds(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.patch({ needs: e.detail.value });
    },

    openEthnicity() {
      this.setData({ picker: 'ethnicity' });
    },

    openRelation() {
      this.setData({ picker: 'relation' });
    },

    closePicker() {
      this.setData({ picker: '' });
    },

    onPickerConfirm(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const field = this.data.picker;
      this.setData({ picker: '' });
      if (field) this.patch({ [field]: e.detail.value[0] ?? '' });
    },

    openDate(e: WechatMiniprogram.BaseEvent) {
      const field = e.currentTarget.dataset.field as DateField;
      const current = (this.data.member as MemberDraft)[field];
      this.setData({
        dateField: field,
        dateValue: current || (field === 'birthDate' ? '1990-01-01' : this.data.today),
      });
    },

    closeDate() {
      this.setData({ dateField: '' });
    },

    onDateConfirm(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = this.data.dateField;
      this.setData({ dateField: '' });
      if (field) this.patch({ [field]: dayjs(e.detail.value).format('YYYY-MM-DD') });
    },

    remove() {
      this.triggerEvent('remove', { index: this.data.index });
    },
  },
});
