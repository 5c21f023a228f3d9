/** Driving the dialog as a user does, shared by the end-to-end specs. */
import { expect, type Locator, type Page, type Request } from '@playwright/test';

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
	/** Tags to choose from the wiki's allowed list, comma-separated (the others are unticked). */
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
		await chooseTags( group, fields.tags );
	}
	if ( fields.watchlist !== undefined ) {
		await group.getByRole( 'combobox', { name: 'Watchlist' } ).selectOption( fields.watchlist );
	}
	if ( fields.expiry !== undefined ) {
		await group.getByRole( 'combobox', { name: 'Watch for' } ).selectOption( { label: fields.expiry } );
	}
}

/** The tags box of a card or the batch: one checkbox per tag the wiki allows. */
export function tagChoice( scope: Locator ): Locator {
	return scope.getByRole( 'group', { name: 'Tags', exact: true } );
}

/** Ticks exactly the given tags (comma-separated) among the wiki's allowed ones. */
export async function chooseTags( scope: Locator, tags: string ): Promise<void> {
	const wanted = tags.split( ',' ).map( ( t ) => t.trim() ).filter( Boolean );
	const boxes = tagChoice( scope ).getByRole( 'checkbox' );
	await expect( boxes.first(), 'the wiki\'s allowed tags are offered' ).toBeVisible( { timeout: 10000 } );
	for ( const box of await boxes.all() ) {
		const name = ( await box.evaluate( ( el ) => ( el as HTMLInputElement ).labels?.[ 0 ]?.textContent || '' ) ).trim();
		await box.setChecked( wanted.indexOf( name ) !== -1 );
	}
}

/** The chosen tags, comma-separated in the wiki's order. */
export async function chosenTags( scope: Locator ): Promise<string> {
	const names: string[] = [];
	for ( const box of await tagChoice( scope ).getByRole( 'checkbox', { checked: true } ).all() ) {
		names.push( ( await box.evaluate( ( el ) => ( el as HTMLInputElement ).labels?.[ 0 ]?.textContent || '' ) ).trim() );
	}
	return names.join( ',' );
}
