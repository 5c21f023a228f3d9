// The one line a deploy owns in a page it shares with others: the gadget's line in
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
 * its current line (`default`, `rights=…`, …); a new line is the build's line as it is.
 */
export function mergeDefinitionLine( buildLine, wikiLine ) {
	const build = parseDefinitionLine( buildLine );
	if ( !build ) {
		throw new Error( `not a gadget definition line: ${ buildLine }` );
	}
	const wiki = wikiLine === undefined ? null : parseDefinitionLine( wikiLine );
	const options = wiki ? [
		...build.options.filter( ( o ) => BUILD_OPTIONS.has( optionKey( o ) ) ),
		...wiki.options.filter( ( o ) => !BUILD_OPTIONS.has( optionKey( o ) ) )
	] : build.options;
	return `* ${ build.name }${ options.length ? `[${ options.join( '|' ) }]` : '' }|${ build.pages.join( '|' ) }`;
}

/** Index of the line in common.js that loads the script page, or -1. */
export function findLoaderLine( lines, scriptFile ) {
	const escaped = scriptFile.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
	const re = new RegExp( `^\\s*mw\\.loader\\.load\\s*\\(.*${ escaped }` );
	return lines.findIndex( ( line ) => re.test( line ) );
}

/** The page's text with line `index` replaced by `line`, or `line` added at the end when index is -1. */
export function replaceLine( text, index, line ) {
	const lines = text === '' ? [] : text.split( '\n' );
	if ( index >= 0 ) {
		lines[ index ] = line;
	} else {
		while ( lines.length && lines[ lines.length - 1 ].trim() === '' ) {
			lines.pop();
		}
		lines.push( line );
	}
	return lines.join( '\n' );
}
