// One outbox for the phone, whichever station page is open: scans queued on one station page
// must still be sent (and answered) after the worker switches page. Answers that arrive while
// no station page listens (the picker is open) are kept and shown when one is.
import { Outbox, type Delivery } from '../../lib/outbox';
import { person$ } from '../../lib/session';

let outbox: Outbox | null = null;
let listener: ((delivery: Delivery) => void) | null = null;
const unheard: Delivery[] = [];

export function phoneOutbox(): Outbox {
  outbox ??= new Outbox(
    () => person$.get()?.token ?? null,
    (delivery) => (listener ? listener(delivery) : void unheard.push(delivery)),
  );
  return outbox;
}

/** Makes `handler` the one listener (the open station page); returns its removal. */
export function listen(handler: (delivery: Delivery) => void): () => void {
  listener = handler;
  for (const delivery of unheard.splice(0)) handler(delivery);
  return () => {
    if (listener === handler) listener = null;
  };
}
