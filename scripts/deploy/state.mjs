// The state file (.deploy-state.json, untracked): what each deploy left on each page, by wiki.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const sha1 = ( text ) => createHash( 'sha1' ).update( text, 'utf8' ).digest( 'hex' );

/**
 * What each deploy left on each page, by wiki: the SHA-1s of whole pages and the lines it owns in
 * shared ones (one string, see pages.mjs ownedBlock()), newest first. Only needed for what a deploy accepted without writing it; all else is in
 * the wiki's histories.
 */
export function readState( file ) {
	try {
		return JSON.parse( readFileSync( file, 'utf8' ) );
	} catch {
		return {};
	}
}

export function knownFor( state, api, title ) {
	const entry = state[ api ]?.[ title ] || {};
	return { sha1s: entry.sha1s || [], lines: entry.lines || [] };
}

export function remember( file, state, api, pages ) {
	const wiki = state[ api ] = state[ api ] || {};
	for ( const page of pages ) {
		const entry = knownFor( state, api, page.title );
		const add = ( list, value ) => [ value, ...list.filter( ( v ) => v !== value ) ].slice( 0, 10 );
		wiki[ page.title ] = page.kind === 'whole' ?
			{ sha1s: add( entry.sha1s, sha1( page.next ) ) } :
			{ lines: add( entry.lines, page.block ) };
	}
	writeFileSync( file, JSON.stringify( state, null, '\t' ) + '\n' );
}
