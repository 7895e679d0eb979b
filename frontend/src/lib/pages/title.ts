// Saves a page title while the person types (debounced), and at once on
// blur or Enter. Only the last title typed is sent.
export interface TitleSaver {
  input(title: string): void;
  commit(): Promise<void>;
  /** saved tells the saver what Go has, e.g. after a rename from elsewhere. */
  saved(title: string): void;
  /** busy is true while a title waits to be sent or is being sent. */
  busy(): boolean;
  dispose(): void;
}

export function createTitleSaver(rename: (title: string) => Promise<boolean>, delay = 600): TitleSaver {
  let last = '';
  let pending: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let sending = 0;

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (pending === null || pending === last) {
      pending = null;
      return chain;
    }
    const title = pending;
    pending = null;
    sending++;
    chain = chain.then(async () => {
      try {
        if (await rename(title)) last = title;
      } finally {
        sending--;
      }
    });
    return chain;
  }

  return {
    input(title) {
      pending = title;
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), delay);
    },
    commit: flush,
    saved(title) {
      last = title;
    },
    busy: () => pending !== null || sending > 0,
    dispose() {
      void flush();
    },
  };
}
