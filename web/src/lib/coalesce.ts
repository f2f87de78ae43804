// Refetches driven by events: a burst of events costs one request, never two run at once.

/**
 * Runs `task` soon (at most once per `delay`, however many events arrive) or now, never two at
 * once: a request asked for while one is in flight runs once after it.
 */
export function coalesce(task: () => Promise<void>, delay: number) {
  let inFlight = false;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = async () => {
    timer = undefined;
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      await task();
    } finally {
      inFlight = false;
      if (again && !stopped) {
        again = false;
        soon();
      }
    }
  };
  const soon = () => {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(() => void fire(), delay);
  };
  const now = () => {
    clearTimeout(timer);
    void fire();
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  return { soon, now, stop };
}
