/**
 * The photo side of the queue (src/upload/photos.ts): each photo's date and position on its item,
 * the location choice (one file, all files), the source replaced by the same file without its
 * location before its content check and its upload (so the SHA-1 looked up and the bytes the wiki
 * receives are the stripped ones), the original put back on "keep", and a file whose location
 * cannot be removed stopped with a question. The wiki is fakeApi.ts's; the photos are the
 * committed fixtures of test/fixtures/photos.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TitleFacts } from '../../src/api/nameChecks';
import { readPhotoFacts } from '../../src/describe/photoFacts';
import { bundledPhotoTools } from './photoTools';
import { removeLocation } from '../../src/describe/removeLocation';
import type { UploadItem } from '../../src/upload/model';
import { LOCATION_NOT_REMOVED, PhotoDesk, fieldDate, isValidPhotoDate } from '../../src/upload/photos';
import { UploadQueue } from '../../src/upload/queue';
import { HttpError } from '../../src/api/errors';
import { FakeWiki, MiB, makeFile, recordingSleep, sameBytes, sha1Of, sha1OfBlob, waitFor } from './fakeApi';

const FIXTURES = join( __dirname, '..', 'fixtures', 'photos' );
const LAST_MODIFIED = Date.UTC( 2025, 4, 6, 7, 8, 9 );

function photo( name: string, as = name, type = 'image/jpeg' ): File {
	return new File( [ Uint8Array.from( readFileSync( join( FIXTURES, name ) ) ) ], as, { type, lastModified: LAST_MODIFIED } );
}

async function setup( configure: ( wiki: FakeWiki ) => void = () => undefined ) {
	const wiki = new FakeWiki();
	configure( wiki );
	const looked: string[] = [];
	const queue = new UploadQueue( wiki, {
		oneRequestUpTo: 0,
		adaptiveChunks: false,
		sleep: recordingSleep().sleep,
		photoTools: bundledPhotoTools,
		hasher: { hash: ( blob: Blob ) => sha1OfBlob( blob ) },
		preflight: {
			debounceMs: 0,
			names: {
				queryTitles: async ( titles: string[] ) => titles.map( ( asked ): TitleFacts => ( {
					asked, title: asked, invalidReason: null, pageExists: false, file: null, shared: null, deleted: false, refusals: []
				} ) ),
				filenamePrefixBlacklist: async () => null
			},
			content: {
				findContent: async ( sha1: string ) => {
					looked.push( sha1 );
					return { files: [], deleted: [] };
				}
			}
		}
	} );
	await queue.loadSite();
	return { wiki, queue, looked };
}

const only = ( queue: UploadQueue ): UploadItem => queue.getState().items[ 0 ];
const read = ( queue: UploadQueue ) => waitFor( () => !!only( queue ).photo && !only( queue ).photo?.reading && only( queue ).photo?.removal !== 'working', `the photo read: ${ JSON.stringify( only( queue ).photo ) }` );
const idle = ( queue: UploadQueue ) => waitFor( () => !queue.isBusy() && only( queue ).status.state !== 'queued', `the queue idle: ${ JSON.stringify( only( queue ).status ) }` );

async function sourceBytes( item: UploadItem ): Promise<Uint8Array> {
	if ( item.source.kind !== 'file' ) {
		throw new Error( 'not a file' );
	}
	return new Uint8Array( await item.source.file.arrayBuffer() );
}

describe( 'photo facts on the item', () => {
	it( 'the date taken from EXIF and the position, the location kept by default and sent as picked', async () => {
		const { wiki, queue } = await setup();
		const file = photo( 'gps.jpg', 'Bay.jpg' );
		queue.addFiles( [ file ] );
		expect( only( queue ).photo?.reading ).toBe( true );
		await read( queue );
		const item = only( queue );
		expect( item.fields.date ).toBe( '2026-07-14T18:03:22' );
		expect( item.photo ).toMatchObject( { dateOrigin: 'exif', location: 'keep', removal: 'none' } );
		expect( item.photo?.position?.latitude ).toBeCloseTo( 48.8583, 4 );
		expect( item.photo?.position?.longitude ).toBeCloseTo( 2.2945, 4 );
		queue.start();
		await idle( queue );
		expect( only( queue ).status.state ).toBe( 'done' );
		expect( sameBytes( wiki.published.get( 'Bay.jpg' ) as Uint8Array, new Uint8Array( await file.arrayBuffer() ) ) ).toBe( true );
	} );

	it( 'without a date in the file: its last change, marked as the file\'s; no photo facts for a PDF', async () => {
		const { queue } = await setup();
		queue.addFiles( [ photo( 'gps.png', 'Plain.png', 'image/png' ) ] );
		await read( queue );
		// gps.png has its EXIF date: use a file that has none, made here.
		queue.remove( only( queue ).id );
		queue.addFiles( [ new File( [ new Uint8Array( [ 0xff, 0xd8, 0xff, 0xd9 ] ) ], 'Bare.jpg', { type: 'image/jpeg', lastModified: LAST_MODIFIED } ) ] );
		await read( queue );
		const local = new Date( LAST_MODIFIED );
		expect( only( queue ).photo?.dateOrigin ).toBe( 'file' );
		expect( only( queue ).fields.date ).toBe( `${ local.getFullYear() }-05-0${ local.getDate() }T${ String( local.getHours() ).padStart( 2, '0' ) }:08:09` );
		queue.remove( only( queue ).id );
		queue.addFiles( [ makeFile( 'Report.pdf', 100 ) ] );
		expect( only( queue ).photo ).toBeUndefined();
	} );

	it( 'the user\'s date wins over the file\'s, and a future or impossible date is refused', async () => {
		const { queue } = await setup();
		queue.addFiles( [ photo( 'gps.jpg' ) ] );
		expect( queue.photos.setDate( only( queue ).id, '2001-02-03' ) ).toBe( true );
		await read( queue );
		expect( only( queue ).fields.date ).toBe( '2001-02-03' );
		expect( only( queue ).photo?.dateOrigin ).toBe( 'user' );
		expect( queue.photos.setDate( only( queue ).id, '2999-01-01' ) ).toBe( false );
		expect( queue.photos.setDate( only( queue ).id, '2001-02-30' ) ).toBe( false );
		expect( only( queue ).fields.date ).toBe( '2001-02-03' );
		expect( isValidPhotoDate( '2026-12-07', new Date( 2026, 11, 6 ) ) ).toBe( false );
		expect( isValidPhotoDate( '2026-12-06T23:59:59', new Date( 2026, 11, 6 ) ) ).toBe( true );
		expect( fieldDate( '2026-07-14T18:03:22+02:00' ) ).toBe( '2026-07-14T18:03:22' );
	} );
} );

describe( 'removing the location', () => {
	it( 'chosen for all files: the source becomes the stripped file, its SHA-1 is the one looked up, and the wiki gets those bytes', async () => {
		const { wiki, queue, looked } = await setup();
		await queue.photos.chooseForAll( 'remove' );
		const file = photo( 'gps.jpg', 'Bay.jpg' );
		const original = new Uint8Array( await file.arrayBuffer() );
		const expected = new Uint8Array( removeLocation( original.slice().buffer ) as ArrayBuffer );
		queue.addFiles( [ file ] );
		await read( queue );
		const item = only( queue );
		expect( item.photo?.removal ).toBe( 'removed' );
		expect( item.source.kind === 'file' && [ item.source.file.name, item.source.file.type, item.source.file.lastModified, item.source.file.size ] )
			.toEqual( [ 'Bay.jpg', 'image/jpeg', LAST_MODIFIED, file.size ] );
		expect( sameBytes( await sourceBytes( item ), expected ) ).toBe( true );
		await waitFor( () => looked.indexOf( sha1Of( expected ) ) !== -1, `the stripped SHA-1 looked up: ${ looked.join( ' ' ) }` );
		queue.start();
		await idle( queue );
		const sent = wiki.published.get( 'Bay.jpg' ) as Uint8Array;
		expect( sameBytes( sent, expected ) ).toBe( true );
		expect( ( await readPhotoFacts( new Blob( [ sent.slice() ] ) ) ).position ).toBeUndefined();
		expect( ( await readPhotoFacts( new Blob( [ sent.slice() ] ) ) ).taken?.iso ).toBe( '2026-07-14T18:03:22+02:00' );
	} );

	it( 'a lost answer to the last chunk is recovered by the SHA-1 of the stripped bytes: published once, not sent again', async () => {
		const { wiki, queue } = await setup( ( w ) => {
			w.failAt( 3, new HttpError( 'bad-response', 200, 'Unexpected end of JSON input' ), { applied: true } );
		} );
		await queue.photos.chooseForAll( 'remove' );
		// The photo and 2 MiB after its end (JPEG readers stop at its EOI): three chunks of 1 MiB.
		const head = new Uint8Array( await photo( 'gps.jpg' ).arrayBuffer() );
		const file = new File( [ head, new Uint8Array( 2 * MiB ).fill( 7 ) ], 'Big.jpg', { type: 'image/jpeg', lastModified: LAST_MODIFIED } );
		queue.addFiles( [ file ] );
		await read( queue );
		expect( only( queue ).photo?.removal ).toBe( 'removed' );
		const stripped = await sourceBytes( only( queue ) );
		queue.start();
		await idle( queue );
		expect( only( queue ).status.state ).toBe( 'done' );
		expect( only( queue ).notice ).toBeNull();
		expect( wiki.of( 'stashChunk' ).filter( ( c ) => c.offset === 0 ) ).toHaveLength( 1 );
		expect( sameBytes( wiki.published.get( 'Big.jpg' ) as Uint8Array, stripped ) ).toBe( true );
		expect( ( await readPhotoFacts( new Blob( [ stripped.slice() ] ) ) ).position ).toBeUndefined();
		expect( wiki.stash.size ).toBe( 0 );
	} );

	it( 'for one file, then kept again: the original comes back and is checked again', async () => {
		const { queue, looked } = await setup();
		const file = photo( 'xmp-gps.jpg', 'Xmp.jpg' );
		const original = new Uint8Array( await file.arrayBuffer() );
		queue.addFiles( [ file ] );
		await read( queue );
		expect( only( queue ).photo?.position?.source ).toBe( 'xmp' );
		await queue.photos.choose( only( queue ).id, 'remove' );
		expect( only( queue ).photo ).toMatchObject( { location: 'remove', ownChoice: true, removal: 'removed' } );
		expect( sameBytes( await sourceBytes( only( queue ) ), original ) ).toBe( false );
		// The batch's choice leaves a file chosen alone.
		await queue.photos.chooseForAll( 'keep' );
		expect( only( queue ).photo?.location ).toBe( 'remove' );
		await queue.photos.choose( only( queue ).id, 'keep' );
		expect( only( queue ).photo?.removal ).toBe( 'none' );
		expect( sameBytes( await sourceBytes( only( queue ) ), original ) ).toBe( true );
		await waitFor( () => looked.filter( ( s ) => s === sha1Of( original ) ).length >= 2, `the original looked up again: ${ looked.join( ' ' ) }` );
	} );

	// The fake wiki takes no .heic: HEIC bytes under a .jpg name (the engine goes by the bytes).
	it( 'a file that cannot lose its location (HEIC) is not sent with it silently: send as it is, or cancel', async () => {
		const { wiki, queue } = await setup();
		await queue.photos.chooseForAll( 'remove' );
		queue.addFiles( [ photo( 'gps.heic', 'Phone.jpg', 'image/heic' ), photo( 'gps.heic', 'Phone 2.jpg', 'image/heic' ) ] );
		await waitFor( () => queue.getState().items.every( ( i ) => i.photo?.removal === 'impossible' ), 'both found impossible' );
		queue.start();
		await waitFor( () => queue.getState().items.every( ( i ) => i.status.state === 'needs-choice' ), `both asked: ${ JSON.stringify( queue.getState().items.map( ( i ) => i.status ) ) }` );
		const [ first, second ] = queue.getState().items;
		expect( first.status.state === 'needs-choice' && first.status.warnings.map( ( w ) => w.key ) ).toEqual( [ LOCATION_NOT_REMOVED ] );
		expect( wiki.requests ).toEqual( [] );
		queue.resolve( second.id, { kind: 'cancel' } );
		queue.resolve( first.id, { kind: 'ignore' } );
		await waitFor( () => !queue.isBusy() && queue.getState().items[ 0 ].status.state === 'done', `sent as it is: ${ JSON.stringify( queue.getState().items[ 0 ].status ) }` );
		expect( Array.from( wiki.published.keys() ) ).toEqual( [ 'Phone.jpg' ] );
		expect( queue.getState().items[ 1 ].status.state ).toBe( 'cancelled' );
	} );
} );

describe( 'PhotoDesk reading', () => {
	it( 'reads a few files at a time, and every file in the end', async () => {
		const wiki = new FakeWiki();
		const queue = new UploadQueue( wiki, { sleep: recordingSleep().sleep } );
		await queue.loadSite();
		let open = 0;
		let most = 0;
		const desk = new PhotoDesk( {
			items: ( queue as unknown as { items: ConstructorParameters<typeof PhotoDesk>[ 0 ][ 'items'] } ).items,
			contentReplaced: () => undefined,
			tools: { ...bundledPhotoTools, read: async () => {
				open++;
				most = Math.max( most, open );
				await new Promise( ( resolve ) => setTimeout( resolve, 3 ) );
				open--;
				return {};
			} }
		} );
		queue.addFiles( Array.from( { length: 12 }, ( _x, i ) => new File( [ 'x' ], `P${ i }.jpg`, { type: 'image/jpeg', lastModified: LAST_MODIFIED } ) ) );
		desk.added( queue.getState().items );
		await waitFor( () => queue.getState().items.every( ( i ) => i.photo && !i.photo.reading ), 'every file read' );
		expect( most ).toBe( 3 );
	} );

	it( 'a file about to be sent is read next, ahead of the files waiting their turn', async () => {
		const queue = new UploadQueue( new FakeWiki(), { sleep: recordingSleep().sleep } );
		await queue.loadSite();
		const order: string[] = [];
		const desk = new PhotoDesk( {
			items: ( queue as unknown as { items: ConstructorParameters<typeof PhotoDesk>[ 0 ][ 'items'] } ).items,
			contentReplaced: () => undefined,
			parallel: 1,
			tools: { ...bundledPhotoTools, read: async ( blob: Blob ) => {
				order.push( ( blob as File ).name );
				await new Promise( ( resolve ) => setTimeout( resolve, 3 ) );
				return {};
			} }
		} );
		queue.addFiles( [ 'A', 'B', 'C', 'D' ].map( ( n ) => new File( [ 'x' ], `${ n }.jpg`, { type: 'image/jpeg', lastModified: LAST_MODIFIED } ) ) );
		const items = queue.getState().items;
		desk.added( items );
		await desk.hold( items[ 3 ].id );
		expect( order.slice( 0, 2 ) ).toEqual( [ 'A.jpg', 'D.jpg' ] );
	} );
} );
