/**
 * The user's upload settings and their bounds: how many files go at once, how many the list
 * takes, the chunk size (the wiki's minimum wins). Pure changes of the dialog's state; the
 * queue applies them.
 */
import { effectiveChunkSize } from './chunks';
import type { DialogState } from './model';

/** Three files at once: measured on a 1.43 wiki, more adds little and costs the server. */
export const DEFAULT_PARALLEL = 3;
export const MAX_PARALLEL = 8;
/** A list of 500 files stays quick to edit (measured by the benchmark); more can be set. */
export const DEFAULT_MAX_FILES = 500;
export const MAX_MAX_FILES = 5000;

/** A whole number from 1 to `max`; what is not a number (an emptied box) is the default. */
function count( value: number, max: number, fallback: number ): number {
	return Math.min( max, Math.max( 1, Math.floor( Number.isFinite( value ) ? value : fallback ) ) );
}

export function withChunkSize( s: DialogState, bytes: number ): DialogState {
	return { ...s, settings: { ...s.settings, chunkSize: effectiveChunkSize( bytes, s.site ? s.site.minUploadChunkSize : 1 ) } };
}

export function withMaxFiles( s: DialogState, value: number ): DialogState {
	return { ...s, settings: { ...s.settings, maxFiles: count( value, MAX_MAX_FILES, DEFAULT_MAX_FILES ) } };
}

export function withParallel( s: DialogState, value: number ): DialogState {
	return { ...s, settings: { ...s.settings, parallel: count( value, MAX_PARALLEL, DEFAULT_PARALLEL ) } };
}
