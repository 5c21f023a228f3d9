// What a deploy writes and how it shows it: the planned pages (whole pages that are the deploy's
// alone, and the lines it owns in shared pages), whether one was edited on the wiki since the last
// deploy, and the diffs.
import { unifiedDiff } from '../lib/diff.mjs';
import { findDefinitionLine, findLoaderLine, insertLine, mergeDefinitionLine } from '../lib/lines.mjs';
import { history, revisionText } from './wiki.mjs';

/** Lines of a new page's diff shown in a dry run before "… n more lines". */
const NEW_PAGE_LINES = 40;

/** The gadget's description page (wikitext): what Special:Preferences shows next to its checkbox. */
const DESCRIPTION = ( name ) => `'''${ name }''': upload files from any page in a dialog (Tools menu): pick, drop or paste files or give a URL; large files go up in chunks, and warnings such as an existing name can be resolved before anything is published.`;
/** A part's (a hidden gadget: Special:Gadgets lists it, the preferences do not). */
const PART_DESCRIPTION = ( name, part ) => part === `${ name }-dialog` ?
	`The dialog of '''${ name }''', loaded by that gadget when a user first points at its link: not a preference of its own.` :
	`A part of '''${ name }''' that its dialog loads when it first needs it (${ part.slice( name.length + 1 ) }): not a preference of its own.`;
function rawUrl( site, title ) {
	const encoded = encodeURIComponent( title.replace( / /g, '_' ) ).replace( /%2F/g, '/' ).replace( /%3A/g, ':' );
	return `${ site.general.server }${ site.general.script }?title=${ encoded }&action=raw&ctype=text/javascript`;
}

/**
 * What the deploy writes. A "whole" page is the deploy's alone; a "line" page is shared, and the
 * deploy changes only the lines it owns there (each found and made by `find` and `make`). Every
 * part goes out: the loader, the dialog and the parts it fetches later, as the gadget (one line of
 * the definition each) or for the user (one user script each; common.js loads the loader, which
 * loads the others from beside it).
 */
export function plannedPages( build, site, target, userName ) {
	const [ loader ] = build.gadgets;
	const script = ( gadget ) => gadget.pages.find( ( p ) => p.endsWith( '.js' ) );
	if ( target === 'user' ) {
		const title = `User:${ userName }/${ script( loader ) }`;
		const line = `mw.loader.load( ${ JSON.stringify( rawUrl( site, title ) ) } ); // ${ build.name }, installed by npm run deploy`;
		return [
			...build.gadgets.map( ( gadget ) => ( { title: `User:${ userName }/${ script( gadget ) }`, kind: 'whole', text: build.files.get( script( gadget ) ) } ) ),
			{
				title: `User:${ userName }/common.js`,
				kind: 'line',
				what: `the ${ build.name } loader line`,
				owned: [ { find: ( lines ) => findLoaderLine( lines, script( loader ) ), make: () => line } ]
			}
		];
	}
	return [
		...build.gadgets.flatMap( ( gadget ) => gadget.pages ).map( ( page ) => ( { title: `MediaWiki:Gadget-${ page }`, kind: 'whole', text: build.files.get( page ) } ) ),
		...build.gadgets.map( ( gadget ) => ( {
			title: `MediaWiki:Gadget-${ gadget.name }`,
			kind: 'whole',
			text: gadget === loader ? DESCRIPTION( loader.name ) : PART_DESCRIPTION( loader.name, gadget.name )
		} ) ),
		{
			title: 'MediaWiki:Gadgets-definition',
			kind: 'line',
			what: `the ${ build.gadgets.map( ( g ) => g.name ).join( ', ' ) } lines`,
			owned: build.gadgets.map( ( gadget ) => ( {
				find: ( lines ) => findDefinitionLine( lines, gadget.name ),
				make: ( current ) => mergeDefinitionLine( gadget.line, current )
			} ) )
		}
	];
}

/**
 * The lines a shared page has of those the deploy owns, as one string (a missing one is an empty
 * line): what is compared with the last deploy's, and kept in the state file.
 */
export function ownedBlock( page, text ) {
	const lines = text.split( '\n' );
	return page.owned.map( ( owned ) => {
		const index = owned.find( lines );
		return index < 0 ? '' : lines[ index ];
	} ).join( '\n' );
}

/** MediaWiki keeps page text with \r\n made \n and trailing whitespace cut: compare like that. */
export const normalize = ( text ) => text.replace( /\r\n/g, '\n' ).replace( /\s+$/, '' );


export async function readPages( bot, pages, summaryPattern ) {
	const answer = await bot.query( {
		titles: pages.map( ( p ) => p.title ),
		prop: 'revisions|info',
		rvprop: 'ids|timestamp|user|comment|sha1|content',
		rvslots: 'main',
		intestactions: 'edit|create',
		intestactionsdetail: 'full',
		errorformat: 'plaintext',
		curtimestamp: 1
	} );
	const normalized = new Map( ( answer.query.normalized || [] ).map( ( n ) => [ n.from, n.to ] ) );
	for ( const page of pages ) {
		const title = normalized.get( page.title ) || page.title;
		const info = answer.query.pages.find( ( p ) => p.title === title );
		page.title = title;
		page.start = answer.curtimestamp;
		page.denied = info.actions?.[ info.missing ? 'create' : 'edit' ];
		const rev = info.revisions?.[ 0 ];
		page.current = rev ? {
			revid: rev.revid,
			timestamp: rev.timestamp,
			user: rev.user,
			comment: rev.comment || '',
			sha1: rev.sha1,
			text: rev.slots.main.content,
			byDeploy: summaryPattern.test( rev.comment || '' )
		} : null;
		const currentText = page.current ? page.current.text : '';
		if ( page.kind === 'whole' ) {
			page.next = normalize( page.text );
		} else {
			const lines = currentText === '' ? [] : currentText.split( '\n' );
			// Each owned line replaced where it is; a new one goes after the one before it (the
			// dialog's line after the loader's), or at the end.
			let after = -1;
			for ( const owned of page.owned ) {
				const index = owned.find( lines );
				after = insertLine( lines, index, after, owned.make( index < 0 ? undefined : lines[ index ] ) );
			}
			page.next = normalize( lines.join( '\n' ) );
			page.block = ownedBlock( page, page.next );
		}
		page.change = !page.current ? 'create' : normalize( page.current.text ) === page.next ? 'same' : 'update';
	}
}

/** The page's recent history, newest first, without texts. */

/** Lines longer than this are shown broken in diffs (see readable()). */
const LONG_LINE = 200;

/**
 * A page's text as its diffs show it. The script is minified: a few lines of many thousand
 * characters, where a changed message would show as the whole script removed and added. Long
 * lines are shown broken after each `;` `,` `{` `}` (only in the diff: what is written is the
 * build as it is), so a change shows as the few short pieces it touched.
 */
function readable( text ) {
	return text.split( '\n' ).map( ( line ) => ( line.length > LONG_LINE ? line.replace( /([;,{}])/g, '$1\n' ) : line ) ).join( '\n' );
}

/**
 * Whether the page was edited on the wiki since the last deploy (for a shared page: its line),
 * as { reason, diff, replaced } to show; null when writing it overwrites nobody's work.
 *
 * What a deploy left on a page is known two ways: its edits, by their summary, in the page's
 * history (whoever deployed, from wherever); and what it found already in place and so did not
 * write (a page installed by hand, then deployed unchanged), from the state file of the
 * checkout. A page whose text is one of those is the deploy's to replace.
 */
export async function editedOnWiki( bot, page, summaryPattern, known ) {
	const current = page.current;
	if ( !current || page.change === 'same' ) {
		return null;
	}
	const now = `${ page.title } (on the wiki: rev ${ current.revid } by ${ current.user }, ${ current.timestamp })`;
	if ( page.kind === 'whole' ) {
		if ( current.byDeploy || known.sha1s.includes( current.sha1 ) ) {
			return null;
		}
		const revisions = await history( bot, page.title );
		const deployed = new Set( revisions.filter( ( r ) => summaryPattern.test( r.comment || '' ) ).map( ( r ) => r.sha1 ) );
		if ( deployed.has( current.sha1 ) ) {
			return null;
		}
		const base = revisions.find( ( r ) => deployed.has( r.sha1 ) || known.sha1s.includes( r.sha1 ) );
		if ( !base ) {
			return {
				reason: 'not written by a deploy',
				replaced: true,
				diff: unifiedDiff( readable( current.text ), readable( page.next ), { from: now, to: `${ page.title } (this build)` } )
			};
		}
		return {
			reason: 'edited on the wiki since the last deploy',
			diff: unifiedDiff( readable( await revisionText( bot, base.revid ) ), readable( current.text ), { from: `${ page.title } (last deploy: rev ${ base.revid }, ${ base.timestamp })`, to: now } )
		};
	}
	// A shared page: only the owned lines matter; other lines are anyone's to edit.
	const none = ( block ) => block === undefined || block.split( '\n' ).every( ( l ) => l === '' );
	const currentBlock = ownedBlock( page, current.text );
	if ( current.byDeploy || ( !none( currentBlock ) && known.lines.includes( currentBlock ) ) ) {
		return null;
	}
	const base = ( await history( bot, page.title ) ).find( ( r ) => summaryPattern.test( r.comment || '' ) );
	const baseBlock = base ? ownedBlock( page, await revisionText( bot, base.revid ) ) : known.lines[ 0 ];
	if ( currentBlock === baseBlock ) {
		return null;
	}
	if ( none( baseBlock ) ) {
		// Never deployed: new lines are simply added; lines someone wrote are replaced.
		return none( currentBlock ) ? null : {
			reason: `${ page.what } not written by a deploy`,
			replaced: true,
			diff: unifiedDiff( currentBlock, page.block, { from: now, to: `${ page.title } (this build)` } )
		};
	}
	return {
		reason: `${ page.what } ${ none( currentBlock ) ? 'removed' : 'edited' } on the wiki since the last deploy`,
		diff: unifiedDiff( baseBlock, currentBlock, { from: `${ page.title } (last deploy${ base ? `: rev ${ base.revid }` : '' })`, to: now } )
	};
}

export function counts( diff ) {
	const lines = diff.split( '\n' );
	const added = lines.filter( ( l ) => l.startsWith( '+' ) && !l.startsWith( '+++' ) ).length;
	const removed = lines.filter( ( l ) => l.startsWith( '-' ) && !l.startsWith( '---' ) ).length;
	return `+${ added } −${ removed } lines`;
}

export function pageDiff( page, build ) {
	const from = page.current ? `${ page.title } (on the wiki: rev ${ page.current.revid })` : `${ page.title } (new page)`;
	return unifiedDiff( page.current ? readable( normalize( page.current.text ) ) : '', readable( page.next ), { from, to: `${ page.title } (${ build.name } ${ build.version })` } );
}

export function printDiff( diff, isNew ) {
	const lines = diff.replace( /\n$/, '' ).split( '\n' );
	if ( isNew && lines.length > NEW_PAGE_LINES + 3 ) {
		console.log( [ ...lines.slice( 0, NEW_PAGE_LINES + 3 ), `… ${ lines.length - NEW_PAGE_LINES - 3 } more lines` ].join( '\n' ) );
	} else {
		console.log( lines.join( '\n' ) );
	}
}

