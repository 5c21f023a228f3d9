/** Driving the dialog as a user does, shared by the end-to-end specs. */
import type { Locator, Page, Request } from '@playwright/test';

/** Upload requests that carried a file part (a chunk or a whole file), by body size. */
export function watchUploadBodies( page: Page ): number[] {
	const sizes: number[] = [];
	page.on( 'request', ( request: Request ) => {
		if ( request.method() !== 'POST' || !request.url().includes( 'api.php' ) ) {
			return;
		}
		// Playwright cannot read a multipart body holding a Blob, but its length is honest.
		void request.allHeaders().then( ( headers ) => {
			const length = Number( headers[ 'content-length' ] || 0 );
			if ( length > 4096 ) {
				sizes.push( length );
			}
		} );
	} );
	return sizes;
}

/** One file of the list, by the name it was picked with (or its URL). */
export function fileGroup( dialog: Locator, label: string ): Locator {
	return dialog.getByRole( 'group', { name: `File ${ label }` } );
}

/** What fillFields sets on one file; a field left out is not touched, so the dialog's own value stands. */
export interface Fields {
	name?: string;
	text?: string;
	comment?: string;
	tags?: string;
	watchlist?: 'preferences' | 'watch' | 'nochange';
	/** The visible label of a watch period, e.g. '1 week'. */
	expiry?: string;
}

/**
 * Fills a file's fields as a user would, top to bottom; the watchlist choice comes before its
 * period because the card shows "Watch for" only once "watch" is chosen.
 */
export async function fillFields( group: Locator, fields: Fields ): Promise<void> {
	if ( fields.name !== undefined ) {
		await group.getByRole( 'textbox', { name: 'Name on the wiki' } ).fill( fields.name );
	}
	if ( fields.text !== undefined ) {
		await group.getByRole( 'textbox', { name: 'Description page text' } ).fill( fields.text );
	}
	if ( fields.comment !== undefined ) {
		await group.getByRole( 'textbox', { name: 'Summary' } ).fill( fields.comment );
	}
	if ( fields.tags !== undefined ) {
		await group.getByRole( 'textbox', { name: 'Tags (comma-separated)' } ).fill( fields.tags );
	}
	if ( fields.watchlist !== undefined ) {
		await group.getByRole( 'combobox', { name: 'Watchlist' } ).selectOption( fields.watchlist );
	}
	if ( fields.expiry !== undefined ) {
		await group.getByRole( 'combobox', { name: 'Watch for' } ).selectOption( { label: fields.expiry } );
	}
}
