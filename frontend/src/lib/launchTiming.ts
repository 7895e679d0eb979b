// Where a launch's time goes, told to Go with "ui ready" so the launch
// benchmark can say which part to work on: the HTML, parsing and running
// the script, and the first screen.

const marks: Record<string, number> = {};

/**
 * markLaunch notes when a stage of the launch was reached, the first time
 * only: "main" when main.ts began (every module it imports has run),
 * "session" when Go answered who is here, "mounted" when the screen was built,
 * "frame" when the frame that draws it began (its style, layout and paint follow),
 * "page" when the first page opened showed its text.
 */
export function markLaunch(stage: 'main' | 'session' | 'mounted' | 'frame' | 'page'): void {
  marks[stage] ??= performance.now();
}

/** launchTiming is milliseconds since the page's navigation started, for each stage. */
export function launchTiming(): Record<string, number> {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const ms = (n: number | undefined) => (n === undefined || n < 0 ? -1 : Math.round(n));
  return {
    html: ms(nav?.responseEnd),
    parsed: ms(nav?.domInteractive),
    main: ms(marks.main),
    session: ms(marks.session),
    mounted: ms(marks.mounted),
    frame: ms(marks.frame),
    page: ms(marks.page),
    ready: ms(performance.now()),
  };
}

let painted: () => void = () => undefined;

/** firstPaint resolves once the first screen is drawn: work that can wait for it does. */
export const firstPaint = new Promise<void>((resolve) => (painted = resolve));

/** markPainted says the first screen is drawn. */
export function markPainted(): void {
  painted();
}

let pageShown = false;

/** firstPageShown is true the first time it is asked after a page showed its text, and never again. */
export function firstPageShown(): boolean {
  if (pageShown) return false;
  pageShown = true;
  return true;
}
