import { parseCron, type CronParse } from './cron';

/**
 * "When" in chat, in Dutch or English, to a cron line: `maandag 09:00`, `elke maandag om 9:00`,
 * `every Monday 09:00`, `werkdagen 8:30`, `dagelijks 07:00`, `daily 7:00`, `1e van de maand 09:00`,
 * `monthly 9:00`, or five cron fields as they are.
 */
const DAYS: Record<string, number> = {
  zondag: 0,
  zo: 0,
  sunday: 0,
  sun: 0,
  maandag: 1,
  ma: 1,
  monday: 1,
  mon: 1,
  dinsdag: 2,
  di: 2,
  tuesday: 2,
  tue: 2,
  woensdag: 3,
  wo: 3,
  wednesday: 3,
  wed: 3,
  donderdag: 4,
  do: 4,
  thursday: 4,
  thu: 4,
  vrijdag: 5,
  vr: 5,
  friday: 5,
  fri: 5,
  zaterdag: 6,
  za: 6,
  saturday: 6,
  sat: 6,
};

export function parseWhen(text: string): CronParse {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^[\d*,/-]+( [\d*,/-]+){4}$/.test(t)) return parseCron(t);
  const time =
    /(?:^| )(?:om |at )?(\d{1,2})[:.h](\d{2})$/.exec(t) ?? /(?:^| )(?:om |at )?(\d{1,2}) ?(?:uur|u)$/.exec(t);
  if (!time) return { ok: false, error: 'give a time such as 09:00' };
  const h = Number(time[1]);
  const mi = Number(time[2] ?? 0);
  if (h > 23 || mi > 59) return { ok: false, error: 'the time must be between 00:00 and 23:59' };
  const rest = t
    .slice(0, time.index)
    .replace(/\b(elke|iedere|every|each|op|on)\b/g, '')
    .trim();
  let days: string;
  if (rest === '' || /^(dag|dagelijks|daily|day)$/.test(rest)) days = '* * *';
  else if (/^(werkdagen|werkdag|weekdays|weekday)$/.test(rest)) days = '* * 1-5';
  else if (/^(maand|maandelijks|monthly|month|1e van de maand|first of the month|1st of the month)$/.test(rest))
    days = '1 * *';
  else {
    const names = rest
      .split(/,| en | and /)
      .map((x) => x.trim())
      .filter(Boolean);
    const nums = names.map((n) => DAYS[n]);
    if (nums.length === 0 || nums.some((n) => n === undefined))
      return { ok: false, error: `not a day: ${JSON.stringify(rest.slice(0, 40))}` };
    days = `* * ${[...new Set(nums)].join(',')}`;
  }
  return parseCron(`${mi} ${h} ${days}`);
}
