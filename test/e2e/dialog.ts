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

export function fileGroup( dialog: Locator, label: string ): Locator {
	return dialog.getByRole( 'group', { name: `File ${ label }` } );
}

export async function fillFields( group: Locator, fields: { name?: string; text?: string; comment?: string; tags?: string } ) {
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
}
