/**
 * The dialog's later parts (src/parts/): fetched once, when first needed, from ResourceLoader or
 * from beside the loader's URL, with a deadline; a failure is asked again at the next need; a
 * language that cannot be had leaves English.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Loader = { using: ReturnType<typeof vi.fn>; getScript: ReturnType<typeof vi.fn> };
const libs = ( mw as unknown as { libs: Record<string, unknown> } ).libs;

/** A fresh copy of the modules (their fetches are remembered per page) and a fake mw.loader. */
async function fresh( publish: ( module: string ) => void = () => undefined ) {
	vi.resetModules();
	const loader: Loader = {
		using: vi.fn( ( module: string ) => Promise.resolve().then( () => publish( module ) ) ),
		getScript: vi.fn( ( url: string ) => Promise.resolve().then( () => publish( url ) ) )
	};
	( mw as unknown as { loader: Loader } ).loader = loader;
	const contract = await import( '../../src/parts/contract' );
	const load = await import( '../../src/parts/load' );
	return { loader, ...contract, ...load };
}

const tools = { read: async () => ( {} ), strip: async () => null };

beforeEach( () => {
	delete libs.uploadDialogParts;
	delete libs.uploadDialogFrom;
} );

afterEach( () => {
	vi.useRealTimers();
} );

describe( 'loadPart', () => {
	it( 'under ResourceLoader: the part\'s hidden gadget, once, however often it is asked for', async () => {
		let publish: ( module: string ) => void = () => undefined;
		const parts = await fresh( ( module ) => publish( module ) );
		publish = ( module ) => module === 'ext.gadget.UploadDialog-photo' && parts.publishPart( 'photo', tools );
		const [ a, b ] = await Promise.all( [ parts.loadPart( 'photo' ), parts.loadPart( 'photo' ) ] );
		expect( a ).toBe( tools );
		expect( b ).toBe( tools );
		expect( await parts.loadPart( 'photo' ) ).toBe( tools );
		expect( parts.loader.using.mock.calls ).toEqual( [ [ 'ext.gadget.UploadDialog-photo' ] ] );
		expect( parts.loader.getScript ).not.toHaveBeenCalled();
	} );

	it( 'from common.js or a bookmarklet: the file beside the loader\'s URL', async () => {
		libs.uploadDialogFrom = 'https://wiki.example/w/index.php?title=User:Me/UploadDialog.js&action=raw&ctype=text/javascript';
		let publish: ( url: string ) => void = () => undefined;
		const parts = await fresh( ( url ) => publish( url ) );
		publish = () => parts.publishPart( 'sha1', 'worker code' );
		expect( await parts.loadPart( 'sha1' ) ).toBe( 'worker code' );
		expect( parts.loader.getScript.mock.calls ).toEqual( [ [ 'https://wiki.example/w/index.php?title=User:Me/UploadDialog-sha1.js&action=raw&ctype=text/javascript' ] ] );
		expect( parts.loader.using ).not.toHaveBeenCalled();
	} );

	it( 'a part that loaded but published nothing is a failure, and the next need asks again', async () => {
		const parts = await fresh();
		await expect( parts.loadPart( 'sha1' ) ).rejects.toThrow( 'the part "sha1" loaded but did not publish itself' );
		await expect( parts.loadPart( 'sha1' ) ).rejects.toThrow( 'did not publish' );
		expect( parts.loader.using ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'a fetch that never ends fails after PART_DEADLINE_MS, not never', async () => {
		const parts = await fresh();
		parts.loader.using.mockImplementation( () => new Promise( () => undefined ) );
		vi.useFakeTimers();
		let failure: unknown = null;
		parts.loadPart( 'photo' ).catch( ( error: unknown ) => {
			failure = error;
		} );
		await vi.advanceTimersByTimeAsync( parts.PART_DEADLINE_MS - 1 );
		expect( failure ).toBeNull();
		await vi.advanceTimersByTimeAsync( 1 );
		expect( String( failure ) ).toContain( 'the part "photo" did not load within 60 s' );
	} );

	it( 'refuses a part the build does not have', async () => {
		const parts = await fresh();
		await expect( parts.loadPart( 'i18n-fr' ) ).rejects.toThrow( 'this build has no part "i18n-fr"' );
		expect( parts.loader.using ).not.toHaveBeenCalled();
	} );
} );

describe( 'loadLanguages', () => {
	it( 'de-at: the German part (there is no de-at one); English needs none', async () => {
		let publish: ( module: string ) => void = () => undefined;
		const parts = await fresh( ( module ) => publish( module ) );
		publish = ( module ) => module === 'ext.gadget.UploadDialog-i18n-de' && parts.publishPart( 'i18n-de', { 'uploaddialog-title': 'Dateien hochladen' } );
		expect( await parts.loadLanguages( 'de-at' ) ).toEqual( { de: { 'uploaddialog-title': 'Dateien hochladen' } } );
		expect( await parts.loadLanguages( 'en' ) ).toEqual( {} );
		expect( await parts.loadLanguages( 'fr' ) ).toEqual( {} );
		expect( parts.loader.using.mock.calls ).toEqual( [ [ 'ext.gadget.UploadDialog-i18n-de' ] ] );
	} );

	it( 'a language that cannot be fetched is left out: English shows, the dialog still opens', async () => {
		const parts = await fresh();
		parts.loader.using.mockImplementation( () => Promise.reject( new Error( 'load.php: 503' ) ) );
		expect( await parts.loadLanguages( 'de' ) ).toEqual( {} );
	} );
} );
