import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText, isCloudError } from '../../../services/cloud';
import { cancelSignup, getDishes, getEvent, signUp } from '../../../services/events';
import { getQrImage, resolveScene } from '../../../services/qr';
import { getMe } from '../../../services/users';
import type { DishBoardItem, EventView } from '../../../shared/api';
import {
  CUISINE_SUGGESTIONS,
  DIETARY_LABELS,
  DIETARY_NEEDS,
  dishSummaryText,
  EVENT_PAGES,
  EVENT_TYPE_LABELS,
  EVENT_TYPE_THEMES,
  type DietaryNeed,
} from '../../../shared/events';
import { eventsSchemas } from '../../../shared/schemas/events';
import { EVENT_URLS, seatsText, signupStatusText } from '../../../utils/event-views';
import { formatTime } from '../../../utils/format';
import { askSubscribe } from '../../../utils/subscribe';
import { validate, type FieldErrors } from '../../../utils/validate';

type Status = 'loading' | 'ready' | 'error';

interface Form {
  partySize: number;
  contactName: string;
  contactPhone: string;
  dishName: string;
  cuisine: string;
  halal: boolean;
  dietary: DietaryNeed[];
}

const emptyForm = (): Form => ({
  partySize: 1,
  contactName: '',
  contactPhone: '',
  dishName: '',
  cuisine: '',
  halal: false,
  dietary: [],
});

function requirePrivacy(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
  });
}

/** The event as the page shows it. */
function eventData(e: EventView) {
  return {
    typeLabel: EVENT_TYPE_LABELS[e.type],
    typeTheme: EVENT_TYPE_THEMES[e.type],
    timeText: e.endAt ? `${formatTime(e.startAt)} — ${formatTime(e.endAt)}` : formatTime(e.startAt),
    deadlineText: formatTime(e.signupDeadline),
    seatsText: seatsText(e),
    myStatusText: e.mySignup ? signupStatusText(e.mySignup) : '',
  };
}

/**
 * 活动详情: the event (time, place, seats, deadline), the sign-up form (family size stepper, dish with its cuisine and
 * a 清真 switch, dietary needs, contact prefilled from the profile), the dish board, and once signed up the family's
 * own sign-up with its check-in code to show at the door. Opened with `?id=`, or by an event or check-in code
 * (`?scene=`). Staff in scope get their tools (edit, roster, check-in).
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    id: '',
    event: null as EventView | null,
    view: {} as ReturnType<typeof eventData>,
    form: emptyForm(),
    profilePhone: '',
    errors: {} as FieldErrors,
    submitting: false,
    cancelling: false,
    cuisines: CUISINE_SUGGESTIONS as readonly string[],
    dietaryOptions: DIETARY_NEEDS.map((value) => ({ value, label: DIETARY_LABELS[value] })),
    dishes: [] as DishBoardItem[],
    dishSummary: '',
    qrUrl: '',
    qrStatus: 'idle' as 'idle' | 'loading' | 'ready' | 'error',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      let id = query.id ?? '';
      if (!id && query.scene) {
        try {
          const qr = await resolveScene(decodeURIComponent(query.scene));
          if (qr.type === 'event') id = qr.id;
          else if (qr.type === 'checkin' && qr.view.as === 'staff') {
            wx.redirectTo({ url: `${EVENT_URLS.checkin(qr.view.event.id)}&code=${encodeURIComponent(query.scene)}` });
            return;
          } else if (qr.type === 'checkin') id = qr.view.event.id;
        } catch (err) {
          this.setData({ status: 'error', errorText: errorText(err) });
          return;
        }
      }
      if (!id) {
        this.setData({ status: 'error', errorText: '没有找到这个活动' });
        return;
      }
      this.setData({ id });
      await this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load(): Promise<void> {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      try {
        const [event, board, me] = await Promise.all([getEvent(this.data.id), getDishes(this.data.id), getMe()]);
        const form = this.data.form;
        this.setData({
          status: 'ready',
          event,
          view: eventData(event),
          dishes: board.items,
          dishSummary: dishSummaryText(board.summary),
          profilePhone: me.profile.phone ?? '',
          form: { ...form, contactName: form.contactName || me.profile.name || '' },
        });
        if (event.mySignup) await this.loadTicket(event.mySignup.checkinCode);
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    /** The family's check-in code as a mini-program code image. */
    async loadTicket(scene: string): Promise<void> {
      this.setData({ qrStatus: 'loading' });
      try {
        const image = await getQrImage({ scene, page: EVENT_PAGES.detail });
        this.setData({ qrStatus: 'ready', qrUrl: image.tempUrl ?? image.fileID });
      } catch {
        this.setData({ qrStatus: 'error' });
      }
    },

    retry() {
      return this.load();
    },

    onPartySize(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ 'form.partySize': Number(e.detail.value), 'errors.partySize': '' });
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as keyof Form;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '', 'errors.dish': '' });
    },

    pickCuisine(e: WechatMiniprogram.BaseEvent) {
      this.setData({ 'form.cuisine': String(e.currentTarget.dataset.value ?? '') });
    },

    onHalal(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.halal': Boolean(e.detail.value) });
    },

    onDietary(e: WechatMiniprogram.CustomEvent<{ value: DietaryNeed[] }>) {
      this.setData({ 'form.dietary': e.detail.value });
    },

    /** Checks the form with the function's own schema, asks for privacy consent, then signs up once. */
    async submit(): Promise<void> {
      if (this.data.submitting || !this.data.event) return;
      // From the tap itself: the reminder before the event, and word of changes or of a seat from the waitlist.
      askSubscribe(['eventReminder', 'eventChanged']);
      this.setData({ submitting: true });
      try {
        await this.send(this.data.event);
      } finally {
        this.setData({ submitting: false });
      }
    },

    async send(event: EventView): Promise<void> {
      const f = this.data.form;
      const input = {
        eventId: event.id,
        partySize: f.partySize,
        contactName: f.contactName,
        ...(f.contactPhone.trim() ? { contactPhone: f.contactPhone } : {}),
        ...(f.dishName.trim()
          ? { dish: { name: f.dishName, ...(f.cuisine.trim() ? { cuisine: f.cuisine } : {}), halal: f.halal } }
          : {}),
        ...(f.dietary.length ? { dietary: f.dietary } : {}),
      };
      const checked = validate(eventsSchemas.signup, input);
      const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
      if (event.dishRequired && !input.dish) errors.dish = '本活动请每户登记一道菜';
      if (f.partySize > event.maxPartySize) errors.partySize = `每户最多 ${event.maxPartySize} 人`;
      if (!checked.ok || Object.keys(errors).length) {
        this.setData({ errors: { ...errors, ...(errors['dish.name'] ? { dish: errors['dish.name'] } : {}) } });
        wx.showToast({ title: '请按提示修改后再报名', icon: 'none' });
        return;
      }
      if (!(await requirePrivacy())) {
        wx.showToast({ title: '同意隐私保护指引后才能报名', icon: 'none' });
        return;
      }
      try {
        const res = await signUp(checked.value);
        wx.showToast({ title: res.status === 'confirmed' ? '报名成功' : '已加入候补', icon: 'success' });
        this.setData({ form: emptyForm(), errors: {} });
        await this.load();
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields) this.setData({ errors: err.fields });
        wx.showToast({ title: errorText(err), icon: 'none' });
        if (isCloudError(err, 'FAILED_PRECONDITION')) await this.load();
      }
    },

    async cancel(): Promise<void> {
      const event = this.data.event;
      if (!event || this.data.cancelling) return;
      const { confirm } = await wx.showModal({
        title: '取消报名',
        content: '取消后名额会让给候补的家庭，确定取消吗？',
        confirmText: '取消报名',
        cancelText: '再想想',
      });
      if (!confirm) return;
      this.setData({ cancelling: true });
      try {
        await cancelSignup(event.id);
        wx.showToast({ title: '已取消报名', icon: 'success' });
        this.setData({ qrUrl: '', qrStatus: 'idle' });
        await this.load();
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ cancelling: false });
      }
    },

    previewTicket() {
      if (this.data.qrUrl) wx.previewImage({ urls: [this.data.qrUrl] });
    },

    openMap() {
      const loc = this.data.event?.location;
      if (loc?.latitude === undefined || loc.longitude === undefined) return;
      wx.openLocation({ latitude: loc.latitude, longitude: loc.longitude, name: loc.name, address: loc.address ?? '' });
    },

    goEdit() {
      wx.navigateTo({ url: EVENT_URLS.edit({ id: this.data.id }) });
    },

    goRoster() {
      wx.navigateTo({ url: EVENT_URLS.roster(this.data.id) });
    },

    goCheckin() {
      wx.navigateTo({ url: EVENT_URLS.checkin(this.data.id) });
    },
  },
});
