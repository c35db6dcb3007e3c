import type { AnswerValue, SurveyQuestion } from '../../../shared/api';
import { ethnicityName } from '../../../shared/ethnicity';
import { SCALE_MAX, SCALE_MIN } from '../../../shared/surveys';
import { ETHNICITY_OPTIONS, RESIDENCY_OPTIONS } from '../../../utils/household-views';

interface Option {
  value: string;
  label: string;
}

function choicesOf(q: SurveyQuestion | null): Option[] {
  if (!q) return [];
  if (q.type === 'residency') return RESIDENCY_OPTIONS;
  return (q.options ?? []).map((o) => ({ value: o, label: o }));
}

const SCALE = Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => SCALE_MIN + i);

/**
 * One question of a survey, as the resident answers it: single and residency as radios, multi as check boxes, text
 * and number as inputs, a 1–5 scale as five large buttons, ethnicity with the GB/T 3304 picker. Emits
 * `change { id, value }` (value undefined when cleared).
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    question: { type: Object, value: null as unknown as SurveyQuestion },
    value: { type: null, value: undefined as AnswerValue | undefined },
    error: { type: String, value: '' },
    /** The question's number as shown (1-based). */
    index: { type: Number, value: 1 },
  },
  data: {
    choices: [] as Option[],
    scale: SCALE,
    ethnicityOptions: ETHNICITY_OPTIONS,
    ethnicityLabel: '',
    pickerVisible: false,
  },
  observers: {
    'question, value'(q: SurveyQuestion | null, value: AnswerValue | undefined) {
      this.setData({
        choices: choicesOf(q),
        ethnicityLabel: q?.type === 'ethnicity' && typeof value === 'string' ? ethnicityName(value) : '',
      });
    },
  },
  methods: {
    emit(value: AnswerValue | undefined) {
      this.triggerEvent('change', { id: (this.data.question as SurveyQuestion).id, value });
    },

    onChoice(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.emit(e.detail.value);
    },

    onMulti(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.emit(e.detail.value.length ? e.detail.value : undefined);
    },

    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.emit(e.detail.value === '' ? undefined : e.detail.value);
    },

    /** A number as typed; anything that is not one is sent as typed, and the server names the question. */
    onNumber(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const raw = String(e.detail.value).trim();
      if (raw === '') return this.emit(undefined);
      const n = Number(raw);
      return this.emit(Number.isFinite(n) ? n : raw);
    },

    onScale(e: WechatMiniprogram.BaseEvent) {
      this.emit(Number(e.currentTarget.dataset.value));
    },

    openPicker() {
      this.setData({ pickerVisible: true });
    },

    closePicker() {
      this.setData({ pickerVisible: false });
    },

    onPickerConfirm(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      if (e.detail.value[0]) this.emit(e.detail.value[0]);
    },
  },
});
