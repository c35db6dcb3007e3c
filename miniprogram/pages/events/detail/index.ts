import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { errorText, isCloudError } from '../../../services/errors';
import { cancelSignup, getDishes, getEvent, signUp } from '../../../services/events';
import { currentMe } from '../../../services/session';
import type { DishBoardItem, EventView } from '../../../shared/api';
import {
  CUISINE_SUGGESTIONS,
  DIETARY_LABELS,
  DIETARY_NEEDS,
  dishSummaryText,
  EVENT_TYPE_LABELS,
  EVENT_TYPE_THEMES,
  type DietaryNeed,
} from '../../../shared/events';
import { PAGES, ROUTES } from '../../../shared/routes';
import { eventsSchemas } from '../../../shared/schemas/events';
import { seatsText, signupStatusText } from '../../../utils/event-views';
import { confirm, formErrors, toastDone, toastError, whileBusy } from '../../../utils/feedback';
import { formatTime } from '../../../utils/format';
import { dataOf, go } from '../../../utils/navigate';
import { requirePrivacy } from '../../../utils/privacy';
import { landOwnScene } from '../../../utils/scene-routing';
import { askSubscribe } from '../../../utils/subscribe';
import { adoptSharedCommunity, chatShare, shareFrom, timelineShare } from '../../../utils/share';
import { invalid, validated, type FieldErrors } from '../../../utils/validate';

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

/** The sign-up as the cloud takes it: blank optional fields left out. */
function signupInput(eventId: string, f: Form) {
  return {
    eventId,
    partySize: f.partySize,
    contactName: f.contactName,
    ...(f.contactPhone.trim() ? { contactPhone: f.contactPhone } : {}),
    ...(f.dishName.trim()
      ? { dish: { name: f.dishName, ...(f.cuisine.trim() ? { cuisine: f.cuisine } : {}), halal: f.halal } }
      : {}),
    ...(f.dietary.length ? { dietary: f.dietary } : {}),
  };
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
 * (`?scene=`). Staff in scope get their tools (edit, roster, check-in). Every action shows as `EventView.can` says.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
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
    ticketPage: PAGES.eventDetail,
    /** The user's home community, sent along when they share the event (`utils/share.ts`). */
    shareFrom: '',
  },
  methods: {
    /** `?id=`, or `?scene=` of an event code or a check-in code (staff scanning one go on to 扫码签到). */
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      let id = query.id ?? '';
      if (!id && query.scene) {
        try {
          const landing = await landOwnScene(decodeURIComponent(query.scene), 'event');
          if (landing.kind !== 'event') return;
          id = landing.eventId;
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
      await adoptSharedCommunity(query.from);
      await this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** The event, its dish board, and the profile that prefills the contact fields. */
    async fetch({ refresh }: { refresh: boolean }) {
      const [event, board, me, from] = await Promise.all([
        getEvent(this.data.id),
        getDishes(this.data.id),
        currentMe({ refresh }),
        shareFrom(),
      ]);
      const form = this.data.form;
      return {
        event,
        view: eventData(event),
        dishes: board.items,
        dishSummary: dishSummaryText(board.summary),
        profilePhone: me.profile.phone ?? '',
        shareFrom: from ?? '',
        form: { ...form, contactName: form.contactName || me.profile.name || '' },
      };
    },

    onPartySize(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ 'form.partySize': Number(e.detail.value), 'errors.partySize': '' });
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = dataOf(e).field as keyof Form;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '', 'errors.dish': '' });
    },

    pickCuisine(e: WechatMiniprogram.BaseEvent) {
      this.setData({ 'form.cuisine': String(dataOf(e).value ?? '') });
    },

    onHalal(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.halal': Boolean(e.detail.value) });
    },

    onDietary(e: WechatMiniprogram.CustomEvent<{ value: DietaryNeed[] }>) {
      this.setData({ 'form.dietary': e.detail.value });
    },

    /** Checks the form with the function's own schema, asks for privacy consent, then signs up once. */
    submit() {
      const event = this.data.event;
      if (!event || this.data.submitting) return undefined;
      // From the tap itself: the reminder before the event, and word of changes or of a seat from the waitlist.
      askSubscribe(['eventReminder', 'eventChanged']);
      return whileBusy(this, 'submitting', () => this.send(event));
    },

    async send(event: EventView): Promise<void> {
      try {
        const input = validated(eventsSchemas.signup, signupInput(event.id, this.data.form));
        if (event.dishRequired && !input.dish) throw invalid('dish', '本活动请每户登记一道菜');
        if (input.partySize > event.maxPartySize) throw invalid('partySize', `每户最多 ${event.maxPartySize} 人`);
        if (!(await requirePrivacy('报名'))) return;
        const res = await signUp(input);
        toastDone(res.status === 'confirmed' ? '报名成功' : '已加入候补');
        this.setData({ form: emptyForm(), errors: {} });
        await this.load();
      } catch (err) {
        const errors = formErrors(err, '请按提示修改后再报名') ?? {};
        this.setData({ errors: { ...errors, ...(errors['dish.name'] ? { dish: errors['dish.name'] } : {}) } });
        if (isCloudError(err, 'FAILED_PRECONDITION')) await this.load();
      }
    },

    /** Gives the seats back to the waitlist, after the family confirms. */
    async cancel(): Promise<void> {
      const event = this.data.event;
      if (!event || this.data.cancelling) return;
      const sure = await confirm({
        title: '取消报名',
        content: '取消后名额会让给候补的家庭，确定取消吗？',
        confirmText: '取消报名',
        cancelText: '再想想',
        danger: true,
      });
      if (!sure) return;
      await whileBusy(this, 'cancelling', async () => {
        try {
          await cancelSignup(event.id);
          toastDone('已取消报名');
          await this.load();
        } catch (err) {
          toastError(err);
        }
      });
    },

    openMap() {
      const loc = this.data.event?.location;
      if (loc?.latitude === undefined || loc.longitude === undefined) return;
      wx.openLocation({ latitude: loc.latitude, longitude: loc.longitude, name: loc.name, address: loc.address ?? '' });
    },

    goEdit() {
      go(ROUTES.eventEdit({ id: this.data.id }));
    },

    goRoster() {
      go(ROUTES.eventRoster(this.data.id));
    },

    goCheckin() {
      go(ROUTES.eventCheckin(this.data.id));
    },

    /** Shared to a building's group: the event's title and host; the card opens here with the sharer's community. */
    shareTitle(): string {
      const event = this.data.event;
      return event ? `${event.title}｜${event.orgName}` : '社区活动';
    },

    onShareAppMessage() {
      return chatShare({ title: this.shareTitle() }, PAGES.eventDetail, {
        id: this.data.id,
        from: this.data.shareFrom,
      });
    },

    onShareTimeline() {
      return timelineShare({ title: this.shareTitle() }, { id: this.data.id, from: this.data.shareFrom });
    },
  },
});
