/**
 * The checks of target names before a byte is sent, as one import: NameChecker (when and how
 * names are asked about, nameChecker.ts), the verdict of what the upload would answer
 * (nameVerdict.ts) and the names of one list that aim at the same file (duplicateTargets.ts).
 * This file owns nothing of its own; it keeps the path the queue, the pattern and the UI import.
 */
export { BATCH_SIZE, DEBOUNCE_MS, NameChecker, QUESTION_TIMEOUT_MS } from './nameChecker';
export type { NameCheckApi, NameCheckerOptions } from './nameChecker';
export type { NameCheckListener } from './nameReports';
export { evaluateName, titlesFor } from './nameVerdict';
export type { CheckContext, NameCheck, NameFacts, TitlePlan } from './nameVerdict';
export { findDuplicateTargets } from './duplicateTargets';
