/**
 * What the simulated wiki warns about when a file is uploaded under a name
 * (UploadBase::checkWarnings): `exists` with `nochange` or `duplicateversions`, `was-deleted`,
 * `duplicate`, `duplicate-archive`. Names in the simulation are plain, so `badfilename`,
 * `exists-normalized` and the thumbnail warnings do not arise.
 */

export interface Version {
	sha1: string;
	size: number;
	user: string;
	timestamp: string;
	bytes?: Uint8Array;
}

/** MediaWiki's title key of a file name: first letter upper case, spaces as underscores. */
export function dbKey( name: string ): string {
	const trimmed = name.trim().replace( /[ _]+/g, '_' );
	return trimmed.charAt( 0 ).toUpperCase() + trimmed.slice( 1 );
}

/** UploadBase::checkWarnings, for the warnings the simulation's names can meet. */
export function uploadWarnings( files: Map<string, Version[]>, deleted: Map<string, string[]>, filename: string, sha1: string ): Record<string, unknown> | null {
	const key = dbKey( filename );
	const warnings: Record<string, unknown> = {};
	const versions = files.get( key );
	if ( versions && versions.length ) {
		warnings.exists = key;
		const current = versions[ versions.length - 1 ];
		if ( current.sha1 === sha1 ) {
			warnings.nochange = { timestamp: current.timestamp };
		} else if ( versions.some( ( v ) => v.sha1 === sha1 ) ) {
			warnings.duplicateversions = versions.filter( ( v ) => v.sha1 === sha1 ).map( ( v ) => ( { timestamp: v.timestamp } ) );
		}
	} else if ( deleted.has( key ) ) {
		warnings[ 'was-deleted' ] = key;
	}
	const dupes: string[] = [];
	files.forEach( ( vs, name ) => {
		if ( name !== key && vs.length && vs[ vs.length - 1 ].sha1 === sha1 ) {
			dupes.push( name );
		}
	} );
	if ( dupes.length ) {
		warnings.duplicate = dupes;
	} else {
		deleted.forEach( ( sha1s, name ) => {
			if ( !warnings[ 'duplicate-archive' ] && sha1s.indexOf( sha1 ) !== -1 ) {
				warnings[ 'duplicate-archive' ] = name;
			}
		} );
	}
	return Object.keys( warnings ).length ? warnings : null;
}
