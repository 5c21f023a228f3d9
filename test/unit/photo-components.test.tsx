/**
 * The photo parts of the dialog in happy-dom, over a real UploadQueue and the fake wiki: the
 * card's date taken (from EXIF, editable, a future date refused), its location notice (the
 * coordinates as text, the choice for this file), the choice for all files read from and saved
 * to the user's options, and the thumbnail made only in view and released with its card.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App';
import { Thumbnail } from '../../src/ui/describe/Thumbnail';
import { REMOVE_LOCATION_OPTION, type UserOptions } from '../../src/ui/describe/useLocationChoice';
import { UploadQueue } from '../../src/upload/queue';
import { FakeWiki, recordingSleep } from './fakeApi';
import { choose, mount, root, tick, until, useContainer } from './renderApp';
import { bundledPhotoTools } from './photoTools';

useContainer();

const photo = ( name: string ) => new File( [ Uint8Array.from( readFileSync( join( __dirname, '..', 'fixtures', 'photos', 'gps.jpg' ) ) ) ], name, { type: 'image/jpeg', lastModified: 1 } );

class Options implements UserOptions {
	saved: Array<[ string, string | null ]> = [];
	constructor( private value: string | null ) {}
	async userOption( name: string ): Promise<string | null> {
		return name === REMOVE_LOCATION_OPTION ? this.value : null;
	}
	async saveUserOption( name: string, value: string | null ): Promise<void> {
		this.saved.push( [ name, value ] );
		this.value = value;
	}
}

async function renderWith( options: Options ) {
	const queue = new UploadQueue( new FakeWiki(), { oneRequestUpTo: 0, sleep: recordingSleep().sleep, photoTools: bundledPhotoTools } );
	await mount( <App queue={ queue } version="test" onClose={ () => undefined } userOptions={ options } /> );
	await until( () => root.querySelector( 'input[type=file]' ) !== null, 'the picker' );
	return queue;
}

const dateField = () => root.querySelector<HTMLInputElement>( 'input[type=datetime-local]' );
/** The checkbox a label names: inside it, or tied to it by `for` (Codex's markup). */
const checkbox = ( label: string ) => {
	const element = Array.from( root.querySelectorAll( 'label' ) ).find( ( l ) => l.textContent?.trim() === label );
	const tied = element?.getAttribute( 'for' );
	return element?.querySelector( 'input' ) || ( tied ? root.querySelector<HTMLInputElement>( `[id="${ tied }"]` ) : null );
};

async function toggle( input: HTMLInputElement | null | undefined ): Promise<void> {
	expect( input ).toBeTruthy();
	await act( () => {
		( input as HTMLInputElement ).checked = !( input as HTMLInputElement ).checked;
		input?.dispatchEvent( new Event( 'change', { bubbles: true } ) );
	} );
}

describe( 'the photo card', () => {
	it( 'shows the date from EXIF and the coordinates before sending; the file\'s own choice removes them', async () => {
		const queue = await renderWith( new Options( null ) );
		await choose( [ photo( '<b>Bay</b>.jpg' ) ] );
		await until( () => dateField()?.value === '2026-07-14T18:03:22', `the date: ${ dateField()?.value }` );
		expect( root.textContent ).toContain( 'From the photo\'s metadata (EXIF).' );
		expect( root.querySelector( '.uploaddialog-coordinates' )?.textContent ).toBe( '48.85830, 2.29450' );
		expect( root.textContent ).toContain( 'The location will be published with the file.' );
		expect( root.querySelector( 'b' ) ).toBeNull();
		await toggle( checkbox( 'Remove the location from the file' ) );
		await until( () => queue.getState().items[ 0 ].photo?.removal === 'removed', 'the removal' );
		await tick();
		expect( root.textContent ).toContain( 'The location is removed from the file that will be sent' );
	} );

	it( 'refuses a date in the future where it is typed, and takes a good one as the user\'s', async () => {
		const queue = await renderWith( new Options( null ) );
		await choose( [ photo( 'Bay.jpg' ) ] );
		await until( () => dateField()?.value === '2026-07-14T18:03:22', 'the EXIF date' );
		const change = async ( value: string ) => act( () => {
			( dateField() as HTMLInputElement ).value = value;
			dateField()?.dispatchEvent( new Event( 'change', { bubbles: true } ) );
		} );
		await change( '2999-01-01T10:00:00' );
		expect( root.querySelector( '[role=alert]' )?.textContent ).toBe( 'Enter a date that is not in the future.' );
		expect( dateField()?.getAttribute( 'aria-invalid' ) ).toBe( 'true' );
		expect( queue.getState().items[ 0 ].fields.date ).toBe( '2026-07-14T18:03:22' );
		await change( '2020-02-29T12:00:00' );
		expect( root.querySelector( '[role=alert]' ) ).toBeNull();
		expect( queue.getState().items[ 0 ].fields.date ).toBe( '2020-02-29T12:00:00' );
		expect( root.textContent ).toContain( 'As you entered it.' );
	} );
} );

describe( 'the choice for all files, remembered for the user', () => {
	it( 'read when the dialog opens: a new photo loses its location; unticked, the option is reset', async () => {
		const options = new Options( '1' );
		const queue = await renderWith( options );
		await choose( [ photo( 'A.jpg' ), photo( 'B.jpg' ) ] );
		await until( () => queue.getState().items.every( ( i ) => i.photo?.removal === 'removed' ), `both removed: ${ JSON.stringify( queue.getState().items.map( ( i ) => i.photo ) ) }` );
		const all = checkbox( 'Remove the location from all 2 files that record one' );
		expect( all?.checked ).toBe( true );
		await toggle( all );
		await until( () => queue.getState().items.every( ( i ) => i.photo?.removal === 'none' ), 'both kept' );
		expect( options.saved ).toEqual( [ [ REMOVE_LOCATION_OPTION, null ] ] );
		await toggle( checkbox( 'Remove the location from all 2 files that record one' ) );
		expect( options.saved ).toEqual( [ [ REMOVE_LOCATION_OPTION, null ], [ REMOVE_LOCATION_OPTION, '1' ] ] );
	} );
} );

describe( 'a photo whose location could not be removed', () => {
	it( 'asks before sending: no new name (it would not help), "Send it as it is" or "Remove the file from the list"', async () => {
		const queue = await renderWith( new Options( '1' ) );
		// HEIC bytes: the location cannot be taken out of them in place.
		const heic = new File( [ Uint8Array.from( readFileSync( join( __dirname, '..', 'fixtures', 'photos', 'gps.heic' ) ) ) ], 'Phone.jpg', { type: 'image/heic', lastModified: 1 } );
		await choose( [ heic ] );
		await until( () => queue.getState().items[ 0 ]?.photo?.removal === 'impossible', `found impossible: ${ JSON.stringify( queue.getState().items[ 0 ]?.photo ) }` );
		await act( () => queue.start() );
		const panel = () => root.querySelector( '.uploaddialog-warnings' );
		await until( () => !!panel(), `the warnings panel: ${ JSON.stringify( queue.getState().items[ 0 ]?.status ) }` );
		expect( panel()?.querySelector( 'input' ) ).toBeNull();
		const buttons = Array.from( panel()?.querySelectorAll( 'button' ) || [] ).map( ( b ) => b.textContent );
		expect( buttons ).toEqual( [ 'Send it as it is', 'Remove the file from the list', 'Cancel this upload' ] );
		await act( () => ( Array.from( panel()?.querySelectorAll( 'button' ) || [] ).find( ( b ) => b.textContent === 'Remove the file from the list' ) as HTMLButtonElement ).click() );
		await until( () => queue.getState().items.length === 0, 'the file off the list' );
	} );
} );

describe( 'Thumbnail', () => {
	afterEach( () => vi.unstubAllGlobals() );

	it( 'makes its object URL only once in view, and revokes it when the card goes', async () => {
		let seen: ( ( entries: Array<{ isIntersecting: boolean }> ) => void ) | null = null;
		vi.stubGlobal( 'IntersectionObserver', class {
			constructor( callback: ( entries: Array<{ isIntersecting: boolean }> ) => void ) {
				seen = callback;
			}
			observe(): void {}
			disconnect(): void {}
		} );
		const created = vi.spyOn( URL, 'createObjectURL' ).mockReturnValue( 'blob:thumb' );
		const revoked = vi.spyOn( URL, 'revokeObjectURL' ).mockImplementation( () => undefined );
		await mount( <Thumbnail file={ photo( 'T.jpg' ) } /> );
		expect( created ).not.toHaveBeenCalled();
		expect( root.querySelector( 'img' ) ).toBeNull();
		await act( () => seen?.( [ { isIntersecting: true } ] ) );
		expect( created ).toHaveBeenCalledTimes( 1 );
		expect( root.querySelector( 'img' )?.getAttribute( 'src' ) ).toBe( 'blob:thumb' );
		await mount( null );
		expect( revoked ).toHaveBeenCalledWith( 'blob:thumb' );
		created.mockRestore();
		revoked.mockRestore();
	} );
} );
