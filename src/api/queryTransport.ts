/**
 * How the name checks' action=query requests travel: GET or POST by the length of the encoded
 * query string, through the API layer's one boundary (`settle`), and an answer's continuations
 * (`continue`) asked for and merged page by page into one. What the pages mean is titleFacts.ts's.
 */
import type { QueryAnswer, QueryPage } from './nameCheckTypes';
import type { RequestControl } from './types';
import { settle } from './wikiApi';

export type Params = Record<string, string | number>;

/** Continuation requests one query may take before it answers with what it has. */
const MAX_ROUNDS = 10;

/**
 * Above this length of the encoded query string the request goes as POST. Apache (LimitRequestLine)
 * and nginx (large_client_header_buffers) answer HTTP 414 to request lines over 8 KB, some proxies
 * to less: half of that leaves room for the script path and for them. GET stays for the usual
 * batch (50 Latin names of 30 characters are about 2 KB) because it is cheap and cacheable.
 */
const MAX_GET_QUERY_LENGTH = 4000;

/** An answer and its continuations in one. */
export interface MergedAnswer {
	/** By title, as the wiki wrote it. */
	pages: Map<string, QueryPage>;
	/** Asked title → the next form the wiki gave it (`normalized` and `converted` steps). */
	steps: Map<string, string>;
	/** Every module finished (false: the wiki had more to say after MAX_ROUNDS requests). */
	complete: boolean;
}

/** One read-only request: action=query needs no token; POST only so that long title lists fit. */
export function sendQuery<T>( api: mw.Api, params: Params, control: RequestControl = {} ): Promise<T> {
	const jq = encodedQueryLength( params ) > MAX_GET_QUERY_LENGTH ? api.post( params ) : api.get( params );
	return settle<T>( jq, control );
}

/** An action=query with its continuations, pages merged by title. */
export async function queryAll( api: mw.Api, params: Params, control: RequestControl ): Promise<MergedAnswer> {
	const pages = new Map<string, QueryPage>();
	const steps = new Map<string, string>();
	let next: Record<string, string> | undefined = {};
	for ( let round = 0; next && round < MAX_ROUNDS; round++ ) {
		const answer: QueryAnswer = await sendQuery<QueryAnswer>( api, { ...params, ...next }, control );
		( answer.query?.normalized || [] ).concat( answer.query?.converted || [] )
			.forEach( ( n ) => steps.set( decoded( n.from, n.fromencoded ), n.to ) );
		( answer.query?.pages || [] ).forEach( ( page ) => mergePage( pages, page ) );
		next = answer.continue && !onlyOlderVersionsLeft( answer.continue ) ? answer.continue : undefined;
	}
	return { pages, steps, complete: !next };
}

/**
 * A continuation repeats each page with only what the unfinished modules add. imageinfo's is the
 * next OLDER version: the first answer's is the current one, and stays.
 */
function mergePage( pages: Map<string, QueryPage>, page: QueryPage ): void {
	const known = pages.get( page.title );
	if ( !known ) {
		pages.set( page.title, { ...page } );
		return;
	}
	const deleted = ( known.deletedrevisions || [] ).concat( page.deletedrevisions || [] );
	const current = known.imageinfo;
	Object.assign( known, page );
	if ( deleted.length ) {
		known.deletedrevisions = deleted;
	}
	if ( current ) {
		known.imageinfo = current;
	}
}

/** A `from` of `normalized` that the wiki gives percent-encoded (it does so for input it had to clean). */
function decoded( from: string, encoded: boolean | undefined ): string {
	if ( !encoded ) {
		return from;
	}
	try {
		return decodeURIComponent( from );
	} catch ( e ) {
		return from;
	}
}

/**
 * Whether all that a `continue` would still bring is older versions of files (imageinfo gives one
 * version per page and continues with `iistart` for a file uploaded more than once): the checks
 * need the current version only, which the first answer has.
 */
function onlyOlderVersionsLeft( next: Record<string, string> ): boolean {
	return Object.keys( next ).every( ( key ) => key === 'continue' || key.indexOf( 'ii' ) === 0 );
}

/**
 * The length of the query string a GET would carry. Counted encoded, as it travels: a Cyrillic
 * letter is 6 characters there ("%D0%96"), a CJK one 9, so 50 Cyrillic names of 45 letters are
 * some 14 KB of URL though only 2.5 K characters.
 */
function encodedQueryLength( params: Params ): number {
	return Object.keys( params ).reduce(
		( sum, key ) => sum + encodeURIComponent( key ).length + encodeURIComponent( String( params[ key ] ) ).length + 2,
		0
	);
}
