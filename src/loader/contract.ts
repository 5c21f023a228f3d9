/**
 * What the dialog part offers the loader once it has run: the two parts meet at
 * `mw.libs.uploadDialog`, whether ResourceLoader served the dialog (the gadget) or the loader fetched
 * it from beside itself (common.js, bookmarklet). The first copy to run keeps the place, so a second
 * copy of the dialog does nothing.
 */
export interface DialogPart {
	/** Opens the dialog (or brings the open one back); asks the wiki for its settings if needed. */
	open(): void;
	/** Asks the wiki for its upload settings ahead of a click (intent: hover, focus, touch). */
	prefetch(): void;
}

export interface PublishedDialog {
	version: string;
	/** Resolves once the dialog's own MediaWiki modules are loaded and its messages registered. */
	ready: Promise<DialogPart>;
}

const LIBRARY = 'uploadDialog';

/** `mw.libs`, which MediaWiki's startup module defines on every page. */
export function libs(): Record<string, unknown> {
	return ( mw as unknown as { libs: Record<string, unknown> } ).libs;
}

export function publishedDialog(): PublishedDialog | undefined {
	return libs()[ LIBRARY ] as PublishedDialog | undefined;
}

/** Publishes the dialog unless a copy already did; returns whether this one did. */
export function publishDialog( dialog: PublishedDialog ): boolean {
	if ( publishedDialog() ) {
		return false;
	}
	libs()[ LIBRARY ] = dialog;
	return true;
}

/**
 * The dialog's script beside the loader's: the same URL with the loader's file name (the last
 * occurrence) replaced by the dialog's. `…title=User:Me/UploadDialog.js&action=raw` gives
 * `…title=User:Me/UploadDialog-dialog.js&action=raw`; `http://127.0.0.1:8787/UploadDialog.js`
 * gives `http://127.0.0.1:8787/UploadDialog-dialog.js`. null when the URL does not name the loader.
 */
export function besideLoader( loaderUrl: string, loaderFile: string, dialogFile: string ): string | null {
	const at = loaderUrl.lastIndexOf( loaderFile );
	return at < 0 ? null : loaderUrl.slice( 0, at ) + dialogFile + loaderUrl.slice( at + loaderFile.length );
}
