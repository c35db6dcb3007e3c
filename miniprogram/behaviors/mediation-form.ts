import { recordMediation } from '../services/requests';
import type { RequestView } from '../shared/api';
import { requestsSchemas } from '../shared/schemas/requests';
import { formErrors } from '../utils/feedback';
import type { FieldErrors } from '../utils/validate';
import { validated } from '../utils/validate';

interface MediationForm {
  parties: string;
  agreement: string;
  ethnicDimension: boolean;
  followUpAt: string;
  errors: FieldErrors;
}

const EMPTY: MediationForm = { parties: '', agreement: '', ethnicDimension: false, followUpAt: '', errors: {} };

/** What the page offers the behavior: its request id, and its way of running a change (busy, toast, reload). */
interface Host {
  data: { id: string; mediationForm: MediationForm };
  run(change: () => Promise<RequestView>, done: string): Promise<boolean>;
  setData(data: Record<string, unknown>): void;
}

/**
 * 调解记录 on a mediation request's detail page (owner or staff, `can.mediation`): the parties (separated by 、 or
 * commas), the agreement, whether it has an ethnic dimension, and a follow-up day that lands in the grid worker's
 * messages. `fillMediation(view)` prefills it from a saved entry. Data: `mediationForm`.
 */
export const mediationForm = Behavior({
  data: { mediationForm: EMPTY },
  methods: {
    fillMediation(r: RequestView) {
      const m = r.mediation;
      this.setData({
        mediationForm: m
          ? { ...EMPTY, parties: m.parties.join('、'), agreement: m.agreement, ethnicDimension: m.ethnicDimension }
          : EMPTY,
      });
    },

    onMediationInput(e: WechatMiniprogram.CustomEvent<{ value: string | boolean }, { field: string }>) {
      const field = (e.currentTarget.dataset as { field: string }).field;
      const value = (e.detail as { value: string | boolean }).value;
      this.setData({ [`mediationForm.${field}`]: value, [`mediationForm.errors.${field}`]: '' });
    },

    async saveMediation(): Promise<void> {
      const host = this as unknown as Host;
      const form = host.data.mediationForm;
      try {
        const input = validated(requestsSchemas.mediation, {
          id: host.data.id,
          parties: form.parties
            .split(/[、,，;；\s]+/)
            .map((p) => p.trim())
            .filter(Boolean),
          agreement: form.agreement,
          ethnicDimension: form.ethnicDimension,
          ...(form.followUpAt ? { followUpAt: form.followUpAt } : {}),
        });
        await host.run(() => recordMediation(input), '已保存调解记录');
      } catch (err) {
        host.setData({ 'mediationForm.errors': formErrors(err) ?? {} });
      }
    },
  },
});
