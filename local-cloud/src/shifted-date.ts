/**
 * Replaces the global `Date` of a function instance with one that runs `offsetMs` ahead of the real clock:
 * `Date.now()`, `new Date()` and `Date()` are shifted; `new Date(value)`, `Date.parse`, `Date.UTC` and
 * `instanceof Date` are as before (the prototype is the same). Returns the setter of the offset.
 */
export function installShiftedDate(initialOffsetMs = 0): (offsetMs: number) => void {
  const RealDate = Date;
  const realNow = Date.now.bind(Date);
  let offset = initialOffsetMs;
  const now = () => realNow() + offset;
  const ShiftedDate = new Proxy(RealDate, {
    // `new Date()` (also through a subclass: newTarget keeps its prototype).
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object;
    },
    // `Date()` called as a function answers the current time as a string.
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, property, receiver) {
      if (property === 'now') return now;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  // `date.constructor === Date` stays true.
  Object.defineProperty(RealDate.prototype, 'constructor', { value: ShiftedDate, writable: true, configurable: true });
  globalThis.Date = ShiftedDate;
  return (offsetMs) => {
    offset = offsetMs;
  };
}
