/**
 * Dropped folders: the traversal over fake entries that behave like Chromium's (callbacks
 * called later, at most 100 entries per readEntries call, an empty batch at the end), and the
 * drop zone with a fake dataTransfer.
 */
import { act } from 'preact/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { folderEntries, readDropped, type DirectoryEntryLike, type EntryLike, type FileEntryLike, type ItemLike } from '../../src/ui/folderDrop';
import { SourcePicker } from '../../src/ui/SourcePicker';
import { DEFAULT_SITE } from './fakeApi';
import { mount, root, tick, useContainer } from './renderApp';

const later = ( fn: () => void ) => setTimeout( fn, 0 );

interface FakeTree {
	[ name: string ]: FakeTree | string | Error;
}

/** A file entry; `Error`: its file() fails. */
function fileEntry( name: string, content: string | Error ): FileEntryLike {
	return {
		name,
		isFile: true,
		isDirectory: false,
		file( success, failure ) {
			later( () => ( content instanceof Error ? failure?.( content ) : success( new File( [ content ], name ) ) ) );
		}
	};
}

/** A directory entry over a tree; entries come out in the order given, 100 per call. */
function dirEntry( name: string, tree: FakeTree, options: { failAfter?: number; batch?: number } = {} ): DirectoryEntryLike & { calls: number } {
	const children: EntryLike[] = Object.keys( tree ).map( ( key ) => {
		const value = tree[ key ];
		return typeof value === 'string' || value instanceof Error ? fileEntry( key, value ) : dirEntry( key, value );
	} );
	const entry = {
		name,
		isFile: false,
		isDirectory: true,
		calls: 0,
		createReader() {
			let at = 0;
			return {
				readEntries( success: ( e: EntryLike[] ) => void, failure?: ( e: unknown ) => void ) {
					entry.calls++;
					later( () => {
						if ( options.failAfter !== undefined && at >= options.failAfter ) {
							failure?.( new DOMException( 'gone', 'NotFoundError' ) );
							return;
						}
						const batch = children.slice( at, at + ( options.batch ?? 100 ) );
						at += batch.length;
						success( batch );
					} );
				}
			};
		}
	};
	return entry;
}

const names = ( files: File[] ) => files.map( ( f ) => f.name );

describe( 'readDropped', () => {
	it( 'takes every file of nested folders, in path order, folders and files sorted together', async () => {
		const root = dirEntry( 'Trip', {
			'b.jpg': 'b',
			'z-last': { 'z1.jpg': 'z' },
			'a.jpg': 'a',
			'c-sub': { 'deep': { 'd.jpg': 'd' }, 'c.jpg': 'c' }
		} );
		const { files, unreadable } = await readDropped( [ root ] );
		expect( names( files ) ).toEqual( [ 'a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'z1.jpg' ] );
		expect( unreadable ).toBe( 0 );
		expect( await files[ 3 ].text() ).toBe( 'd' );
	} );

	it( 'numbers in names count as numbers (IMG 9 before IMG 10), as file managers list them', async () => {
		const { files } = await readDropped( [ dirEntry( 'd', { 'IMG 10.jpg': '', 'IMG 9.jpg': '', 'IMG 100.jpg': '', 'IMG 1.jpg': '' } ) ] );
		expect( names( files ) ).toEqual( [ 'IMG 1.jpg', 'IMG 9.jpg', 'IMG 10.jpg', 'IMG 100.jpg' ] );
	} );

	it( 'reads a folder of more than 100 entries to its end (readEntries until an empty batch)', async () => {
		const tree: FakeTree = {};
		for ( let i = 250; i >= 1; i-- ) {
			tree[ `p${ String( i ).padStart( 3, '0' ) }.png` ] = 'x';
		}
		const big = dirEntry( 'big', tree );
		const { files } = await readDropped( [ big ] );
		expect( files ).toHaveLength( 250 );
		expect( files[ 0 ].name ).toBe( 'p001.png' );
		expect( files[ 249 ].name ).toBe( 'p250.png' );
		// 100 + 100 + 50, then the empty batch.
		expect( big.calls ).toBe( 4 );
	} );

	it( 'leaves out hidden files and folders inside folders, keeps what the user dropped', async () => {
		const { files } = await readDropped( [
			dirEntry( 'photos', { '.DS_Store': 'x', '._a.jpg': 'x', 'a.jpg': 'a', '.git': { 'config': 'x' }, 'sub': { '.hidden.jpg': 'x', 'b.jpg': 'b' } } ),
			fileEntry( '.explicit.png', 'e' )
		] );
		expect( names( files ) ).toEqual( [ '.explicit.png', 'a.jpg', 'b.jpg' ] );
	} );

	it( 'several dropped folders and files: sorted by name among themselves', async () => {
		const { files } = await readDropped( [
			dirEntry( 'second', { 'x.jpg': '' } ),
			fileEntry( 'loose.jpg', '' ),
			dirEntry( 'first', { 'y.jpg': '' } )
		] );
		expect( names( files ) ).toEqual( [ 'y.jpg', 'loose.jpg', 'x.jpg' ] );
	} );

	it( 'skips and counts what cannot be read: a file, a folder, the rest of a folder', async () => {
		const broken = dirEntry( 'broken', { 'never.jpg': '' }, { failAfter: 0 } );
		const halfway = dirEntry( 'halfway', { 'h1.jpg': '', 'h2.jpg': '', 'h3.jpg': '' }, { failAfter: 2, batch: 2 } );
		const throwing: FileEntryLike = {
			name: 'throws.jpg',
			isFile: true,
			isDirectory: false,
			file() {
				throw new Error( 'no' );
			}
		};
		const { files, unreadable } = await readDropped( [
			dirEntry( 'ok', { 'gone.jpg': new Error( 'NotFoundError' ), 'fine.jpg': 'f' } ),
			broken,
			halfway,
			throwing
		] );
		expect( names( files ) ).toEqual( [ 'h1.jpg', 'h2.jpg', 'fine.jpg' ] );
		expect( unreadable ).toBe( 4 );
	} );

	it( 'an empty folder gives nothing, and no failure', async () => {
		await expect( readDropped( [ dirEntry( 'empty', {} ) ] ) ).resolves.toEqual( { files: [], unreadable: 0 } );
	} );
} );

function item( entry: EntryLike | null, file: File | null = null, kind = 'file' ): ItemLike {
	return { kind, webkitGetAsEntry: () => entry, getAsFile: () => file };
}

describe( 'folderEntries', () => {
	it( 'gives the entries when a folder is among them, a file without an entry as one', async () => {
		const loose = new File( [ 'l' ], 'from-a-program.txt' );
		const roots = folderEntries( { items: [ item( dirEntry( 'd', { 'a.jpg': '' } ) ), item( null, loose ), item( null, null, 'string' ) ] } );
		expect( roots?.map( ( r ) => r.name ) ).toEqual( [ 'd', 'from-a-program.txt' ] );
		const { files } = await readDropped( roots as EntryLike[] );
		expect( files[ 1 ] ).toBe( loose );
		expect( names( files ) ).toEqual( [ 'a.jpg', 'from-a-program.txt' ] );
	} );

	it( 'null for files only, without items, or where the browser has no entries', () => {
		expect( folderEntries( { items: [ item( fileEntry( 'a.jpg', '' ) ) ] } ) ).toBeNull();
		expect( folderEntries( { items: null } ) ).toBeNull();
		expect( folderEntries( { items: [ { kind: 'file', getAsFile: () => new File( [], 'a' ) } ] } ) ).toBeNull();
	} );
} );

describe( 'the drop zone', () => {
	// Browsers have `ondrop` on elements, happy-dom does not; Preact tells an event's name by
	// that property, and without it would listen for "Drop" instead of "drop".
	beforeAll( () => {
		Object.defineProperty( HTMLElement.prototype, 'ondrop', { value: null, writable: true, configurable: true } );
	} );

	afterAll( () => {
		delete ( HTMLElement.prototype as unknown as Record<string, unknown> ).ondrop;
	} );

	useContainer();

	async function picker() {
		const onFiles = vi.fn<( files: File[] ) => void>();
		await mount( <SourcePicker site={ DEFAULT_SITE } onFiles={ onFiles } onUrl={ () => undefined } /> );
		return onFiles;
	}

	async function drop( dataTransfer: { items?: ItemLike[]; files?: File[] } ): Promise<void> {
		const event = new Event( 'drop', { bubbles: true, cancelable: true } );
		Object.defineProperty( event, 'dataTransfer', { value: dataTransfer } );
		await act( () => {
			root.querySelector( '.uploaddialog-dropzone' )?.dispatchEvent( event );
		} );
	}

	async function settle(): Promise<void> {
		for ( let i = 0; i < 5; i++ ) {
			await tick();
		}
	}

	const notice = () => root.querySelector( '[aria-live=polite]' )?.textContent || '';

	it( 'a dropped folder: its files join the list in path order, once read', async () => {
		const onFiles = await picker();
		await drop( { items: [ item( dirEntry( 'Trip', { 'b.jpg': '', 'a.jpg': '', '.DS_Store': '' } ) ) ], files: [] } );
		expect( notice() ).toBe( 'Reading the dropped folders…' );
		await settle();
		expect( onFiles ).toHaveBeenCalledTimes( 1 );
		expect( names( onFiles.mock.calls[ 0 ][ 0 ] ) ).toEqual( [ 'a.jpg', 'b.jpg' ] );
		expect( notice() ).toBe( '' );
	} );

	it( 'says how many entries could not be read', async () => {
		const onFiles = await picker();
		await drop( { items: [ item( dirEntry( 'Trip', { 'a.jpg': '', 'b.jpg': new Error( 'x' ), 'c.jpg': new Error( 'x' ) } ) ) ] } );
		await settle();
		expect( names( onFiles.mock.calls[ 0 ][ 0 ] ) ).toEqual( [ 'a.jpg' ] );
		expect( notice() ).toBe( '2 files or folders could not be read and were left out.' );
	} );

	it( 'says so when the folders held nothing to upload', async () => {
		const onFiles = await picker();
		await drop( { items: [ item( dirEntry( 'Empty', { '.DS_Store': '' } ) ) ] } );
		await settle();
		expect( onFiles ).not.toHaveBeenCalled();
		expect( notice() ).toContain( 'The dropped folders hold no files to upload' );
	} );

	/** A drop (or dragover) on the page outside the drop zone: a card, a field, the backdrop. */
	async function dropElsewhere( type: 'drop' | 'dragover', dataTransfer: { types: string[]; files?: File[]; items?: ItemLike[] } ): Promise<Event> {
		const event = new Event( type, { bubbles: true, cancelable: true } );
		Object.defineProperty( event, 'dataTransfer', { value: dataTransfer } );
		await act( () => {
			document.body.dispatchEvent( event );
		} );
		return event;
	}

	it( 'files dropped anywhere else join the list too, instead of the browser opening them in place of the page', async () => {
		const onFiles = await picker();
		const a = new File( [ 'a' ], 'a.pdf' );
		expect( ( await dropElsewhere( 'dragover', { types: [ 'Files' ] } ) ).defaultPrevented ).toBe( true );
		const dropped = await dropElsewhere( 'drop', { types: [ 'Files' ], items: [ item( null, a ) ], files: [ a ] } );
		expect( dropped.defaultPrevented ).toBe( true );
		expect( onFiles ).toHaveBeenCalledWith( [ a ] );
	} );

	it( 'text dragged into a field is left to the field', async () => {
		const onFiles = await picker();
		expect( ( await dropElsewhere( 'dragover', { types: [ 'text/plain' ] } ) ).defaultPrevented ).toBe( false );
		expect( ( await dropElsewhere( 'drop', { types: [ 'text/plain' ] } ) ).defaultPrevented ).toBe( false );
		expect( onFiles ).not.toHaveBeenCalled();
	} );

	it( 'files alone come from dataTransfer.files, as before', async () => {
		const onFiles = await picker();
		const a = new File( [ 'a' ], 'a.pdf' );
		await drop( { items: [ item( null, a ) ], files: [ a ] } );
		expect( onFiles ).toHaveBeenCalledWith( [ a ] );
		expect( notice() ).toBe( '' );
	} );
} );
