// The lines a deploy owns in a page it shares with others: the gadget's two lines in
// MediaWiki:Gadgets-definition, and the loader line in User:<name>/common.js. Every other line of
// those pages stays exactly as the wiki has it.

/** A definition line as the Gadgets extension reads it (MediaWikiGadgetsDefinitionRepo). */
const DEFINITION = /^\*+ *([a-zA-Z](?:[-_:.\w ]*[a-zA-Z0-9])?)(\s*\[.*?\])?\s*((\|[^|]*)+)\s*$/;

/**
 * Options that say how the code loads: they belong to the build (gadget-definition.txt).
 * Every other option says who gets the gadget and where (default, hidden, rights, skins, actions,
 * namespaces, categories, contentModels …): that is the wiki's choice, kept as the wiki has it.
 */
const BUILD_OPTIONS = new Set( [ 'ResourceLoader', 'dependencies', 'peers', 'package', 'type', 'requiresES6', 'supportsUrlLoad' ] );
/**
 * Options the build proposes and the wiki decides: the build's applies only where the wiki's line
 * has none. `rights=upload` on the loader keeps it from readers; a wiki that moves from the
 * one-page gadget (no `rights=`) gets it, and a wiki that chose other rights keeps its choice.
 */
const PROPOSED_OPTIONS = new Set( [ 'rights' ] );

export function parseDefinitionLine( line ) {
	const match = DEFINITION.exec( line );
	if ( !match ) {
		return null;
	}
	const options = ( match[ 2 ] || '' ).trim().replace( /^\[|\]$/g, '' )
		.split( '|' ).map( ( o ) => o.trim() ).filter( Boolean );
	return {
		name: match[ 1 ].replace( / /g, '_' ),
		options,
		pages: match[ 3 ].split( '|' ).map( ( p ) => p.trim() ).filter( Boolean )
	};
}

function optionKey( option ) {
	return option.split( '=' )[ 0 ].trim();
}

/** Index of the gadget's line in the page's lines, or -1. */
export function findDefinitionLine( lines, name ) {
	return lines.findIndex( ( line ) => parseDefinitionLine( line )?.name === name );
}

/**
 * The line to write: the build's pages and the options it owns, plus the wiki's own choices from
 * its current line (`default`, `rights=…`, …), and `rights=` from the build when the wiki's line has
 * none (see PROPOSED_OPTIONS); a new line is the build's line as it is.
 */
export function mergeDefinitionLine( buildLine, wikiLine ) {
	const build = parseDefinitionLine( buildLine );
	if ( !build ) {
		throw new Error( `not a gadget definition line: ${ buildLine }` );
	}
	const wiki = wikiLine === undefined ? null : parseDefinitionLine( wikiLine );
	// In the build line's order, so that merging again gives the same line: each of its options
	// as the build has it (how the code loads), as the wiki has it (its choices; left out when
	// the wiki's line lacks it), or the build's proposal where the wiki has none; then the wiki's
	// other choices, in its order.
	const options = wiki ? [
		...build.options.map( ( o ) => {
			const key = optionKey( o );
			const wikis = wiki.options.find( ( w ) => optionKey( w ) === key );
			return BUILD_OPTIONS.has( key ) ? o : wikis || ( PROPOSED_OPTIONS.has( key ) ? o : undefined );
		} ).filter( ( o ) => o !== undefined ),
		...wiki.options.filter( ( w ) => !BUILD_OPTIONS.has( optionKey( w ) ) && !build.options.some( ( o ) => optionKey( o ) === optionKey( w ) ) )
	] : build.options;
	return `* ${ build.name }${ options.length ? `[${ options.join( '|' ) }]` : '' }|${ build.pages.join( '|' ) }`;
}

/** Index of the line in common.js that loads the script page, or -1. */
export function findLoaderLine( lines, scriptFile ) {
	const escaped = scriptFile.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
	const re = new RegExp( `^\\s*mw\\.loader\\.load\\s*\\(.*${ escaped }` );
	return lines.findIndex( ( line ) => re.test( line ) );
}

/**
 * Puts `line` into `lines` (changed in place): at `index` when the page has it there, else after
 * line `after` (the owned line before it), else at the end, after any trailing blank lines are
 * cut. Returns where it went.
 */
export function insertLine( lines, index, after, line ) {
	if ( index >= 0 ) {
		lines[ index ] = line;
		return index;
	}
	if ( after >= 0 ) {
		lines.splice( after + 1, 0, line );
		return after + 1;
	}
	while ( lines.length && lines[ lines.length - 1 ].trim() === '' ) {
		lines.pop();
	}
	lines.push( line );
	return lines.length - 1;
}
