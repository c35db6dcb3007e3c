import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** Upcoming events shown to the residents of an org (default: the user's home), or every event under it. */
export const listEvents = (req: ReqOf<'events', 'list'>) => callCloud('events', 'list', req);

/** One event with its seats, waitlist, the user's own sign-up and whether the user manages it. */
export const getEvent = (id: string) => callCloud('events', 'get', { id });

/** Signs the user's family up; a repeat returns the existing sign-up (`existing: true`). */
export const signUp = (req: ReqOf<'events', 'signup'>) => callCloud('events', 'signup', req);

/** Changes the dish, dietary needs or contact of the user's sign-up. */
export const updateSignup = (req: ReqOf<'events', 'updateSignup'>) => callCloud('events', 'updateSignup', req);

/** Cancels the user's sign-up; the seats go to the waitlist. */
export const cancelSignup = (eventId: string) => callCloud('events', 'cancelSignup', { eventId });

/** The user's sign-ups, newest first. */
export const mySignups = (req: ReqOf<'events', 'mySignups'>) => callCloud('events', 'mySignups', req);

/** The dish board: every confirmed family's dish and the summary line. */
export const getDishes = (eventId: string) => callCloud('events', 'dishes', { eventId });

/** Staff: create an event (returns its id and QR scene). */
export const createEvent = (req: ReqOf<'events', 'create'>) => callCloud('events', 'create', req);

/** Staff: edit an event; families are told when the time or place changes. */
export const updateEvent = (req: ReqOf<'events', 'update'>) => callCloud('events', 'update', req);

/** Staff: cancel an event, with a reason every family is told. */
export const cancelEvent = (id: string, reason: string) => callCloud('events', 'cancel', { id, reason });

/** Staff: the roster with counts (phones masked). */
export const getRoster = (req: ReqOf<'events', 'roster'>) => callCloud('events', 'roster', req);

/** Staff: check a family in by its scanned code; scanning twice is harmless. */
export const checkIn = (eventId: string, checkinCode: string) =>
  callCloud('events', 'checkin', { eventId, checkinCode });

/** Staff: the roster as an Excel file; full phones only with a reason (audited). */
export const exportRoster = (req: ReqOf<'events', 'exportRoster'>) => callCloud('events', 'exportRoster', req);

/** Staff: remind every confirmed family not yet reminded. */
export const sendReminders = (eventId: string) => callCloud('events', 'sendReminders', { eventId });
