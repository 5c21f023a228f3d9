/**
 * The loader's own logic (src/loader/): it reads what the engine's ResumeStore writes without
 * loading the engine, finds the dialog's script beside its own URL, remembers for the session what
 * the dialog found about the upload right, and lets only the first copy of the dialog publish.
 */
import { describe, expect, it } from 'vitest';
import { ResumeStore, type ResumeRecord } from '../../src/upload/resume';
import { besideLoader, publishDialog, publishedDialog, type DialogPart } from '../../src/loader/contract';
import { hasInterruptedUploads, knownNotToUpload, rememberMayUpload } from '../../src/loader/scope';

function mapStorage() {
	const map = new Map<string, string>();
	return {
		map,
		getItem: ( key: string ) => map.get( key ) ?? null,
		setItem: ( key: string, value: string ) => void map.set( key, value ),
		removeItem: ( key: string ) => void map.delete( key )
	};
}

function record( id: string ): ResumeRecord {
	return {
		id,
		name: `${ id }.pdf`,
		size: 5_000_000,
		lastModified: 1,
		fingerprint: 'f',
		fields: { name: `${ id }.pdf`, text: '', comment: '', tags: [], watchlist: 'preferences' } as unknown as ResumeRecord[ 'fields' ],
		resume: { filekey: 'k.1', offset: 1_048_576, stashName: `${ id }.pdf`, startedAt: 1 } as unknown as ResumeRecord[ 'resume' ]
	};
}

describe( 'the interrupted-upload notice, from localStorage alone', () => {
	it( 'sees what ResumeStore saved for the same scope, and nothing once it is removed', () => {
		const storage = mapStorage();
		const store = new ResumeStore( storage, 'wiki|db|Uploader' );
		expect( hasInterruptedUploads( storage, 'wiki|db|Uploader' ) ).toBe( false );
		store.save( record( 'a' ) );
		expect( store.list() ).toHaveLength( 1 );
		expect( hasInterruptedUploads( storage, 'wiki|db|Uploader' ) ).toBe( true );
		expect( hasInterruptedUploads( storage, 'wiki|db|Someone' ), 'another user' ).toBe( false );
		store.remove( 'a' );
		expect( hasInterruptedUploads( storage, 'wiki|db|Uploader' ) ).toBe( false );
	} );

	it( 'says no for broken or missing storage', () => {
		const storage = mapStorage();
		storage.setItem( 'uploaddialog-resume:s', '{not json' );
		expect( hasInterruptedUploads( storage, 's' ) ).toBe( false );
		storage.setItem( 'uploaddialog-resume:s', 'null' );
		expect( hasInterruptedUploads( storage, 's' ) ).toBe( false );
		expect( hasInterruptedUploads( null, 's' ) ).toBe( false );
	} );
} );

describe( 'the dialog beside the loader', () => {
	it( 'replaces the loader file name in each install URL', () => {
		expect( besideLoader( 'https://w.example/w/index.php?title=User:Me/UploadDialog.js&action=raw&ctype=text/javascript', 'UploadDialog.js', 'UploadDialog-dialog.js' ) )
			.toBe( 'https://w.example/w/index.php?title=User:Me/UploadDialog-dialog.js&action=raw&ctype=text/javascript' );
		expect( besideLoader( 'http://127.0.0.1:8080/index.php?title=MediaWiki%3AGadget-UploadDialog.js&action=raw', 'UploadDialog.js', 'UploadDialog-dialog.js' ) )
			.toBe( 'http://127.0.0.1:8080/index.php?title=MediaWiki%3AGadget-UploadDialog-dialog.js&action=raw' );
		expect( besideLoader( 'http://127.0.0.1:8787/UploadDialog.js', 'UploadDialog.js', 'UploadDialog-dialog.js' ) ).toBe( 'http://127.0.0.1:8787/UploadDialog-dialog.js' );
	} );

	it( 'gives null for a URL that does not name the loader (ResourceLoader\'s load.php)', () => {
		expect( besideLoader( 'http://w.example/load.php?modules=ext.gadget.UploadDialog', 'UploadDialog.js', 'UploadDialog-dialog.js' ) ).toBeNull();
	} );
} );

describe( 'what the dialog found about the upload right', () => {
	it( 'hides the link only after the dialog found "no", for that user', () => {
		const storage = mapStorage();
		const asStorage = storage as unknown as Storage;
		expect( knownNotToUpload( storage, 'w|d|A' ) ).toBe( false );
		rememberMayUpload( asStorage, 'w|d|A', false );
		expect( knownNotToUpload( storage, 'w|d|A' ) ).toBe( true );
		expect( knownNotToUpload( storage, 'w|d|B' ) ).toBe( false );
		rememberMayUpload( asStorage, 'w|d|A', true );
		expect( knownNotToUpload( storage, 'w|d|A' ) ).toBe( false );
		expect( knownNotToUpload( null, 'w|d|A' ) ).toBe( false );
	} );
} );

describe( 'publishing the dialog part', () => {
	it( 'keeps the first copy: a second one does nothing', async () => {
		const opened: string[] = [];
		const part = ( name: string ): DialogPart => ( { open: () => void opened.push( name ), prefetch: () => undefined } );
		expect( publishDialog( { version: '1', ready: Promise.resolve( part( 'first' ) ) } ) ).toBe( true );
		expect( publishDialog( { version: '2', ready: Promise.resolve( part( 'second' ) ) } ) ).toBe( false );
		expect( publishedDialog()!.version ).toBe( '1' );
		( await publishedDialog()!.ready ).open();
		expect( opened ).toEqual( [ 'first' ] );
	} );
} );
