/**
 * A small, honest fake of the parts of `mw` the dialog uses outside the API layer: messages
 * (with $n and a two-form PLURAL, like jqueryMsg for English and German), config, util links.
 * The API layer is never faked here: engine tests pass their own fake UploadApi.
 */
import { beforeEach } from 'vitest';

const messages = new Map<string, string>();

function format( text: string, params: unknown[] ): string {
	const substituted = text.replace( /\$(\d+)/g, ( _m, n ) => String( params[ Number( n ) - 1 ] ?? `$${ n }` ) );
	return substituted.replace( /\{\{PLURAL:([^|}]*)\|([^}]*)\}\}/g, ( _m, count, forms ) => {
		const list = String( forms ).split( '|' );
		return Number( count ) === 1 ? list[ 0 ] : list[ list.length > 1 ? 1 : 0 ];
	} );
}

const config = new Map<string, unknown>( [ [ 'wgUserLanguage', 'en' ], [ 'wgPageName', 'Main_Page' ] ] );

const fakeMw = {
	messages: {
		set( key: string | Record<string, string>, value?: string ) {
			if ( typeof key === 'string' ) {
				messages.set( key, String( value ) );
			} else {
				Object.keys( key ).forEach( ( k ) => messages.set( k, key[ k ] ) );
			}
		},
		get( key: string ) {
			return messages.get( key ) ?? null;
		},
		exists( key: string ) {
			return messages.has( key );
		}
	},
	message( key: string, ...params: unknown[] ) {
		return {
			text: () => ( messages.has( key ) ? format( messages.get( key ) as string, params ) : `⧼${ key }⧽` ),
			exists: () => messages.has( key )
		};
	},
	config: {
		get: ( key: string ) => config.get( key ),
		set: ( key: string, value: unknown ) => config.set( key, value )
	},
	util: {
		getUrl: ( title: string, params?: Record<string, string> ) =>
			`/wiki/${ encodeURIComponent( title.replace( / /g, '_' ) ) }` +
			( params ? '?' + new URLSearchParams( params ).toString() : '' ),
		addCSS: () => undefined,
		getParamValue: () => null
	},
	log: { error: () => undefined, warn: () => undefined },
	// MediaWiki's startup module defines it on every page (src/loader/contract.ts publishes there).
	libs: {} as Record<string, unknown>
};

( globalThis as unknown as { mw: unknown } ).mw = fakeMw;

/** Tests start from a clean message store, as a page load does. */
export function resetMessages(): void {
	messages.clear();
}

beforeEach( () => {
	config.set( 'wgUserLanguage', 'en' );
} );

// A change of a file's state that the transition table does not allow is an engine bug: fail the test.
import { transitionPolicy } from '../../src/upload/transitions';
transitionPolicy.strict = true;
