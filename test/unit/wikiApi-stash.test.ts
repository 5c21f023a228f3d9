/**
 * WikiApi.findStashed, the look-up into the user's stash that finds what a lost answer left
 * there: list=mystashedfiles, then prop=stashimageinfo one key at a time. Answers as a local
 * MediaWiki 1.43 gave them (errorformat=html), over the fake mw.Api of the API boundary tests.
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/api/errors';
import { rejected, resolved } from './deferred';
import { setup } from './fakeMwApi';

const MiB = 1024 * 1024;

/** list=mystashedfiles&msfprop=size as the soak's wiki answered while three uploads were under way. */
const LIST = { batchcomplete: true, limits: { mystashedfiles: 500 }, query: { mystashedfiles: [
	{ filekey: '1d4zxm50mjyw.swez92.3.pdf', status: 'finished', size: 5349485, width: 0, height: 0, bits: 0 },
	{ filekey: '1d4zxm7gay50.md0825.3.pdf', status: 'chunks', size: MiB, width: 0, height: 0, bits: 0 },
	{ filekey: '1d4zxm7maxlo.holazd.3.pdf', status: 'chunks', size: MiB, width: 0, height: 0, bits: 0 }
] } };

const info = ( sha1: string ) => ( { batchcomplete: true, query: { stashimageinfo: [ { timestamp: '2026-12-06T21:49:26Z', size: MiB, width: 0, height: 0, sha1 } ] } } );

/** The answer to prop=stashimageinfo for a key that left the stash after the list was made. */
const GONE = ( key: string ) => ( { errors: [ { code: 'uploadstash-file-not-found', html: `Key "${ key }" not found in stash.`, module: 'query+stashimageinfo' } ], docref: '…' } );

describe( 'WikiApi.findStashed', () => {
	it( 'gives the entries of that size and status with their SHA-1, newest first', async () => {
		const { fake, api } = setup();
		fake.onGet = ( params ) => params.list ? resolved( LIST ) : resolved( info( `sha1-of-${ String( params.siifilekey ).slice( 13, 19 ) }` ) );
		expect( ( await api.findStashed( MiB, 'chunks' ) ).map( ( e ) => [ e.filekey, e.sha1 ] ) ).toEqual( [
			[ '1d4zxm7maxlo.holazd.3.pdf', 'sha1-of-holazd' ],
			[ '1d4zxm7gay50.md0825.3.pdf', 'sha1-of-md0825' ]
		] );
	} );

	it( 'leaves out an entry gone since the list, and still gives the others (the soak left the one looked for when one was gone)', async () => {
		const { fake, api } = setup();
		fake.onGet = ( params ) => {
			if ( params.list ) {
				return resolved( LIST );
			}
			return params.siifilekey === '1d4zxm7gay50.md0825.3.pdf' ?
				rejected( 'uploadstash-file-not-found', GONE( '1d4zxm7gay50.md0825.3.pdf' ) ) :
				resolved( info( '69a3618b5fa6b21d8d771f04b6ae07201a68f9c8' ) );
		};
		expect( await api.findStashed( MiB, 'chunks' ) ).toEqual( [
			{ filekey: '1d4zxm7maxlo.holazd.3.pdf', status: 'chunks', size: MiB, sha1: '69a3618b5fa6b21d8d771f04b6ae07201a68f9c8', timestamp: '2026-12-06T21:49:26Z' }
		] );
	} );

	it( 'a failure of the link is not taken for a missing entry: the look-up fails, and so does an abort', async () => {
		const { fake, api } = setup();
		fake.onGet = ( params ) => params.list ? resolved( LIST ) : rejected( 'http', { xhr: { status: 0 }, textStatus: 'error' } );
		await expect( api.findStashed( MiB, 'chunks' ) ).rejects.toMatchObject( { name: 'HttpError' } );
		fake.onGet = ( params ) => params.list ? resolved( LIST ) : rejected( 'http', { textStatus: 'abort' } );
		await expect( api.findStashed( MiB, 'chunks' ) ).rejects.toBeInstanceOf( AbortError );
	} );
} );
