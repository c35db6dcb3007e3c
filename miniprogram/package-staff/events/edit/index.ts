import dayjs from 'dayjs';
import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { listTeams } from '../../../services/community';
import { cancelEvent, createEvent, getEvent, updateEvent } from '../../../services/events';
import { getOrg } from '../../../services/orgs';
import type { EventView } from '../../../shared/api';
import { DEFAULT_MAX_PARTY_SIZE, EVENT_TYPE_LABELS, EVENT_TYPES, type EventType } from '../../../shared/events';
import { ROUTES } from '../../../shared/routes';
import { eventsSchemas } from '../../../shared/schemas/events';
import { reasonDialog } from '../../../utils/dialogs';
import { formErrors, toastDone, whileBusy } from '../../../utils/feedback';
import { goBack, replace } from '../../../utils/navigate';
import { invalid, validated, type FieldErrors } from '../../../utils/validate';
type TimeField = 'startAt' | 'endAt' | 'signupDeadline';

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';

/** "2026-12-05 18:00" (China time, as the picker shows it) → ISO with +08:00. */
function pickerToIso(value: string): string {
  return value ? `${value.replace(' ', 'T')}:00+08:00` : '';
}

function isoToPicker(iso: string | undefined): string {
  return iso ? dayjs(iso).format(PICKER_FORMAT) : '';
}

interface Form {
  type: EventType;
  title: string;
  description: string;
  locationName: string;
  address: string;
  latitude?: number;
  longitude?: number;
  startAt: string;
  endAt: string;
  signupDeadline: string;
  capacity: string;
  maxPartySize: number;
  waitlist: boolean;
  dishRequired: boolean;
  /** A volunteer event's team ('' = none): its members' check-ins log the event's hours. */
  teamId: string;
}

function newForm(): Form {
  const start = dayjs().add(7, 'day').hour(18).minute(0);
  return {
    type: 'banquet',
    title: '',
    description: '',
    locationName: '',
    address: '',
    startAt: start.format(PICKER_FORMAT),
    endAt: start.add(3, 'hour').format(PICKER_FORMAT),
    signupDeadline: start.subtract(2, 'day').format(PICKER_FORMAT),
    capacity: '100',
    maxPartySize: DEFAULT_MAX_PARTY_SIZE,
    waitlist: true,
    dishRequired: true,
    teamId: '',
  };
}

function formOf(e: EventView): Form {
  return {
    type: e.type,
    title: e.title,
    description: e.description ?? '',
    locationName: e.location.name,
    address: e.location.address ?? '',
    latitude: e.location.latitude,
    longitude: e.location.longitude,
    startAt: isoToPicker(e.startAt),
    endAt: isoToPicker(e.endAt),
    signupDeadline: isoToPicker(e.signupDeadline),
    capacity: String(e.capacity),
    maxPartySize: e.maxPartySize,
    waitlist: e.waitlist,
    dishRequired: e.dishRequired,
    teamId: e.teamId ?? '',
  };
}

/** The form as the create/update input (the fields the shared schema checks). */
function inputOf(f: Form) {
  const location = {
    name: f.locationName,
    ...(f.address.trim() ? { address: f.address } : {}),
    ...(f.latitude !== undefined && f.longitude !== undefined ? { latitude: f.latitude, longitude: f.longitude } : {}),
  };
  return {
    type: f.type,
    title: f.title,
    ...(f.description.trim() ? { description: f.description } : {}),
    location,
    startAt: pickerToIso(f.startAt),
    ...(f.endAt ? { endAt: pickerToIso(f.endAt) } : {}),
    ...(f.signupDeadline ? { signupDeadline: pickerToIso(f.signupDeadline) } : {}),
    capacity: Number(f.capacity),
    maxPartySize: f.maxPartySize,
    waitlist: f.waitlist,
    dishRequired: f.dishRequired,
    ...(f.type === 'volunteer' ? { teamId: f.teamId || null } : {}),
  };
}

/** 不关联 and the volunteer teams the event's org can use. */
async function teamOptionsOf(orgId: string): Promise<{ id: string; name: string }[]> {
  const { items } = await listTeams(orgId).catch(() => ({ items: [] }));
  return [{ id: '', name: '不关联志愿队' }, ...items.map((t) => ({ id: t.id, name: t.name }))];
}

/**
 * 发布/编辑活动: type, title, description, place (typed, or picked on the map), start, end and deadline with a
 * date-time picker, capacity in people, family size limit, waitlist and "每户带一道菜". Editing a published event
 * tells the families when the time or place changes; 取消活动 asks for a reason they are all told.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    orgId: '',
    orgName: '',
    form: newForm(),
    typeOptions: EVENT_TYPES.map((value) => ({ value, label: EVENT_TYPE_LABELS[value] })),
    typeLabel: EVENT_TYPE_LABELS.banquet,
    typePickerVisible: false,
    teamOptions: [] as { id: string; name: string }[],
    teamName: '',
    timeField: '' as TimeField | '',
    timeValue: '',
    errors: {} as FieldErrors,
    saving: false,
    cancelled: false,
    /** 保存 and 取消活动, as the server's `EventView.can` says; a new event can always be published. */
    can: { update: true, cancel: false },
  },
  observers: {
    'form.teamId, teamOptions'(teamId: string, options: { id: string; name: string }[]) {
      this.setData({ teamName: options.find((t) => t.id === teamId)?.name ?? '不关联志愿队' });
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', orgId: query.orgId ?? '' });
      // A survey finding opens the form prefilled (package-stats/surveys/results).
      if (!query.id && query.title) {
        this.setData({ 'form.title': query.title, 'form.description': query.description ?? '' });
      }
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      if (this.data.id) {
        const event = await getEvent(this.data.id);
        return {
          orgId: event.orgId,
          orgName: event.orgName,
          form: formOf(event),
          typeLabel: EVENT_TYPE_LABELS[event.type],
          cancelled: event.status === 'cancelled',
          can: { update: event.can.update, cancel: event.can.cancel },
          teamOptions: event.type === 'volunteer' ? await teamOptionsOf(event.orgId) : [],
        };
      }
      if (!this.data.orgId) return { status: 'error', errorText: '请从「活动管理」发布活动' };
      return { orgName: (await getOrg(this.data.orgId)).name };
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
      if (field === 'locationName') this.setData({ 'errors.location.name': '' });
    },

    onSwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field as string}`]: Boolean(e.detail.value) });
    },

    onPartySize(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ 'form.maxPartySize': Number(e.detail.value) });
    },

    openTypePicker() {
      this.setData({ typePickerVisible: true });
    },

    closeTypePicker() {
      this.setData({ typePickerVisible: false });
    },

    onTypeConfirm(e: WechatMiniprogram.CustomEvent<{ value: EventType[] }>) {
      const type = e.detail.value[0] ?? this.data.form.type;
      this.setData({
        typePickerVisible: false,
        'form.type': type,
        typeLabel: EVENT_TYPE_LABELS[type],
        // A 百家宴 is "each family brings a dish"; other kinds usually are not.
        ...(this.data.id ? {} : { 'form.dishRequired': type === 'banquet' || type === 'street_feast' }),
      });
      if (type === 'volunteer' && !this.data.teamOptions.length) {
        return teamOptionsOf(this.data.orgId).then((teamOptions) => this.setData({ teamOptions }));
      }
      return undefined;
    },

    onTeam(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const team = this.data.teamOptions[Number(e.detail.value)];
      this.setData({ 'form.teamId': team?.id ?? '', 'errors.teamId': '' });
    },

    openTime(e: WechatMiniprogram.BaseEvent) {
      const field = e.currentTarget.dataset.field as TimeField;
      this.setData({ timeField: field, timeValue: this.data.form[field] || this.data.form.startAt });
    },

    closeTime() {
      this.setData({ timeField: '' });
    },

    onTimeConfirm(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = this.data.timeField;
      if (!field) return;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '', timeField: '' });
    },

    clearEnd() {
      this.setData({ 'form.endAt': '' });
    },

    /** The place picked on the map (needs the user's consent to location). */
    chooseLocation() {
      wx.chooseLocation({
        success: (res) => {
          this.setData({
            'form.locationName': this.data.form.locationName || res.name,
            'form.address': res.address,
            'form.latitude': res.latitude,
            'form.longitude': res.longitude,
            'errors.location.name': '',
          });
        },
      });
    },

    save() {
      return whileBusy(this, 'saving', () => this.send());
    },

    async send(): Promise<void> {
      const { id, orgId, form } = this.data;
      try {
        if (id) {
          await updateEvent(validated(eventsSchemas.update, { id, ...inputOf(form) }));
          toastDone('已保存');
          goBack();
        } else {
          const created = await createEvent(validated(eventsSchemas.create, { orgId, ...inputOf(form) }));
          toastDone('已发布');
          replace(ROUTES.eventDetail(created.id));
        }
      } catch (err) {
        this.setData({ errors: formErrors(err, '请按提示修改后再保存') ?? {} });
      }
    },

    /** Cancels the event with a reason every family signed up or waiting is told. */
    async cancelEvent(): Promise<void> {
      const done = await reasonDialog(this, '#cancel-reason').open({
        title: '取消活动',
        notice: '取消原因会通知所有报名和候补的家庭。',
        placeholder: '请填写取消原因',
        confirmText: '取消活动',
        danger: true,
        multiline: true,
        submit: async (reason) => {
          if (!reason.trim()) throw invalid('reason', '请填写取消原因');
          return cancelEvent(this.data.id, reason.trim());
        },
      });
      if (!done) return;
      toastDone('活动已取消');
      this.setData({ cancelled: true, can: { update: done.can.update, cancel: done.can.cancel } });
    },
  },
});
