/**
 * Five-field cron (minute hour day-of-month month day-of-week; `*`, lists, ranges, steps; day of week
 * 0–7 with 0 and 7 Sunday; when both day fields are restricted either may match, as in Vixie cron),
 * evaluated in a named time zone so that "Monday 09:00 Europe/Amsterdam" stays 09:00 across daylight
 * saving changes. Pure: every function takes the instant it reasons from.
 *
 * Daylight saving: a wall time that occurs twice (the last Sunday of October, 02:00–03:00) runs once,
 * at its first occurrence; a wall time that does not exist (the last Sunday of March, 02:00–03:00)
 * runs at the same minute after the clocks jump (02:30 → 03:30).
 */
export interface CronSpec {
  minutes: number[];
  hours: number[];
  days: number[];
  months: number[];
  weekdays: number[];
  dayRestricted: boolean;
  weekdayRestricted: boolean;
  source: string;
}

export type CronParse = { ok: true; spec: CronSpec } | { ok: false; error: string };

function field(text: string, min: number, max: number, name: string): number[] | string {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!m) return `${name}: ${JSON.stringify(part)} is not a number, range or step`;
    const step = m[4] ? Number(m[4]) : 1;
    const lo = m[1] === '*' ? min : Number(m[2]);
    const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] ? max : lo;
    if (step < 1 || lo < min || hi > max || lo > hi) return `${name}: ${JSON.stringify(part)} is outside ${min}–${max}`;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(text: string): CronParse {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) return { ok: false, error: 'a cron schedule has five fields: minute hour day month weekday' };
  const [mi, h, d, mo, wd] = parts as [string, string, string, string, string];
  const minutes = field(mi, 0, 59, 'minute');
  const hours = field(h, 0, 23, 'hour');
  const days = field(d, 1, 31, 'day');
  const months = field(mo, 1, 12, 'month');
  const weekdays = field(wd, 0, 7, 'weekday');
  for (const f of [minutes, hours, days, months, weekdays]) if (typeof f === 'string') return { ok: false, error: f };
  const wds = [...new Set((weekdays as number[]).map((x) => x % 7))].sort((a, b) => a - b);
  return {
    ok: true,
    spec: {
      minutes: minutes as number[],
      hours: hours as number[],
      days: days as number[],
      months: months as number[],
      weekdays: wds,
      dayRestricted: d !== '*',
      weekdayRestricted: wd !== '*',
      source: parts.join(' '),
    },
  };
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  wd: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallOf(ms: number, tz: string): Wall {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday as string);
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), wd };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(ms: number, tz: string): number {
  const w = wallOf(ms, tz);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(ms / 60_000) * 60_000;
}

/** The first instant showing this wall time in `tz`; for a time in a spring-forward gap, an hour on. */
export function wallToInstant(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const candidates = [
    ...new Set([offsetAt(asUtc - 86_400_000, tz), offsetAt(asUtc, tz), offsetAt(asUtc + 86_400_000, tz)]),
  ].map((o) => asUtc - o);
  const exact = candidates
    .filter((t) => {
      const w = wallOf(t, tz);
      return w.h === h && w.mi === mi && w.d === d;
    })
    .sort((a, b) => a - b);
  if (exact.length) return exact[0] as number;
  // Not on the clock that day: the offset before the jump carries it past the gap.
  return asUtc - offsetAt(asUtc - 86_400_000, tz);
}

function dayMatches(s: CronSpec, w: { mo: number; d: number; wd: number }): boolean {
  if (!s.months.includes(w.mo)) return false;
  const dom = s.days.includes(w.d);
  const dow = s.weekdays.includes(w.wd);
  if (s.dayRestricted && s.weekdayRestricted) return dom || dow;
  return (!s.dayRestricted || dom) && (!s.weekdayRestricted || dow);
}

/**
 * Instants the schedule fires on the wall-clock day `offset` days from the day of `ms` (in tz),
 * ascending. Days are counted on the calendar, not in 24-hour steps, which a 23- or 25-hour day would
 * skip or repeat.
 */
function firingsOnDay(s: CronSpec, ms: number, offset: number, tz: string): number[] {
  const base = wallOf(ms, tz);
  const noon = new Date(Date.UTC(base.y, base.mo - 1, base.d + offset, 12, 0));
  const w = wallOf(wallToInstant(noon.getUTCFullYear(), noon.getUTCMonth() + 1, noon.getUTCDate(), 12, 0, tz), tz);
  if (!dayMatches(s, w)) return [];
  const out: number[] = [];
  for (const h of s.hours) for (const mi of s.minutes) out.push(wallToInstant(w.y, w.mo, w.d, h, mi, tz));
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Far enough for "29 February" and "the 31st" (at most 8 years between leap days on a weekday). */
const HORIZON_DAYS = 366 * 8 + 2;

/** The first firing strictly after `after`. */
export function nextRun(s: CronSpec, after: number, tz: string): number | undefined {
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const t = firingsOnDay(s, after, i, tz).find((x) => x > after);
    if (t !== undefined) return t;
  }
  return undefined;
}

/** The last firing at or before `at`: a run that is due (or was missed while the bot was down). */
export function previousRun(s: CronSpec, at: number, tz: string): number | undefined {
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const firings = firingsOnDay(s, at, -i, tz).filter((x) => x <= at);
    if (firings.length) return firings[firings.length - 1];
  }
  return undefined;
}
