/**
 * Where the dialog's later parts meet it (issue 19): each part is a small script of its own (a
 * hidden gadget, or a file beside the loader for the common.js line and the bookmarklet) that the
 * dialog fetches only when it first needs it, and that puts what it brings at
 * `mw.libs.uploadDialogParts[name]` when it runs. The first copy to run keeps the place.
 *
 * - `sha1`: the SHA-1 worker's code, as text (src/hash/hasher.ts starts it from a Blob URL);
 *   fetched when a file is first hashed.
 * - `photo`: reading a photo's date and position, and removing its location (exifr and
 *   src/describe/); fetched when the first image joins the list.
 * - `i18n-<code>`: the dialog's messages in one language (English is in the dialog itself);
 *   fetched with the dialog for users of that language.
 */
import { libs } from '../loader/contract';
import type { PhotoTools } from '../upload/photos';

export type Messages = Record<string, string>;

export interface PartValues {
	sha1: string;
	photo: PhotoTools;
	i18n: Messages;
}

/** A part's name: `sha1`, `photo`, or `i18n-` and a language code. */
export type PartName = 'sha1' | 'photo' | `i18n-${ string }`;

export type PartValue<N extends PartName> = N extends `i18n-${ string }` ? Messages : N extends keyof PartValues ? PartValues[ N ] : never;

const LIBRARY = 'uploadDialogParts';

function shelf(): Record<string, unknown> {
	const shared = libs();
	shared[ LIBRARY ] = shared[ LIBRARY ] || {};
	return shared[ LIBRARY ] as Record<string, unknown>;
}

/** What a part brought, once its script has run; undefined before. */
export function publishedPart<N extends PartName>( name: N ): PartValue<N> | undefined {
	return shelf()[ name ] as PartValue<N> | undefined;
}

/** Run by each part's script: puts what it brings on the shelf, unless a copy already did. */
export function publishPart<N extends PartName>( name: N, value: PartValue<N> ): void {
	const parts = shelf();
	if ( !( name in parts ) ) {
		parts[ name ] = value;
	}
}
