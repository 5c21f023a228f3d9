/**
 * What the dialog knows about a file's content before its bytes are sent, as one import: the
 * content check of each file (contentChecker.ts, its look-up slots in lookupSlots.ts) and the
 * warnings it gives with the name's check (contentWarnings.ts; the name's own is prechecks.ts).
 * This file owns nothing of its own; it keeps the path the queue and the model import.
 *
 * The content check runs beside the uploads, never in front of them. A file whose check is not
 * done when its turn comes is sent anyway; if a duplicate turns up while it is on its way, the
 * queue pauses it and asks (see UploadQueue.onContentChecked).
 */
export { ContentChecker } from './contentChecker';
export type { ContentCheckApi, ContentCheckerOptions } from './contentChecker';
export { contentWarnings, earlyWarnings } from './contentWarnings';
export type { ContentCheck } from './contentWarnings';
export { LOOKUP_SLOTS, LOOKUP_TIMEOUT_MS } from './lookupSlots';
