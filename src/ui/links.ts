/** Links into the wiki, built with mw.util so they follow the wiki's own URL layout. */

/**
 * A file's title as the wiki shows it: in the wiki's own name of the namespace ("Datei:" on a
 * German wiki; "File:", which every wiki also takes, where the page does not say), and with
 * spaces where the API's names have underscores.
 */
export function fileTitle( name: string ): string {
	const namespaces = mw.config.get( 'wgFormattedNamespaces' ) as Record<string, string> | null | undefined;
	return `${ ( namespaces && namespaces[ 6 ] ) || 'File' }:${ name.replace( /_/g, ' ' ) }`;
}

/** Every name this wiki takes for a namespace (wgNamespaceIds: lowercase), with spaces for underscores. */
export function namespaceNames( id: number ): string[] {
	const ids = ( mw.config.get( 'wgNamespaceIds' ) || {} ) as Record<string, number>;
	return Object.keys( ids ).filter( ( name ) => ids[ name ] === id ).map( ( name ) => name.replace( /_/g, ' ' ) );
}

/**
 * The names this wiki takes for the category namespace: its own ("kategorie" on a German
 * wiki), its aliases, and "category", which every wiki takes.
 */
export function categoryNamespaceNames(): string[] {
	const names = namespaceNames( 14 );
	return names.indexOf( 'category' ) === -1 ? names.concat( 'category' ) : names;
}

export function filePageUrl( name: string ): string {
	return mw.util.getUrl( `File:${ name }` );
}

export function deletionLogUrl( name: string ): string {
	return mw.util.getUrl( 'Special:Log', { type: 'delete', page: `File:${ name }` } );
}

export function loginUrl(): string {
	return mw.util.getUrl( 'Special:UserLogin', { returnto: String( mw.config.get( 'wgPageName' ) || '' ) } );
}

export function rightsUrl(): string {
	return mw.util.getUrl( 'Special:ListGroupRights' );
}
