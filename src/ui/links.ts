/** Links into the wiki, built with mw.util so they follow the wiki's own URL layout. */

/** A file's title as the wiki shows it: the API's names have underscores for spaces. */
export function fileTitle( name: string ): string {
	return `File:${ name.replace( /_/g, ' ' ) }`;
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
