// Dates are computed when a question is clicked, in the browser's time zone (the hub's users sit
// in UTC+8), then sent as ISO instants so the hub needs no notion of the viewer's calendar.

export function startOfMonth(now: Date = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
}

export function daysAgo(days: number, now: Date = new Date()): string {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return start.toISOString();
}
