/**
 * What the loader and the dialog both read about the user without asking the wiki: whose uploads
 * wait to be resumed (localStorage), and whether the dialog already found that this user may not
 * upload (sessionStorage, for the tab's session). Nothing here touches mw.Api or imports the engine,
 * so the loader stays small.
 */

/** Interrupted uploads belong to one wiki and one user. */
export function userScope(): string {
	return [ 'wgServer', 'wgDBname', 'wgUserName' ].map( ( key ) => String( mw.config.get( key ) ) ).join( '|' );
}

/** The part of Web Storage this needs; tests pass a Map-backed one. */
export interface ReadableStorage {
	getItem( key: string ): string | null;
}

/** A storage the browser allows (not always: some private modes throw on access). */
export function webStorage( kind: 'localStorage' | 'sessionStorage' ): Storage | null {
	try {
		return window[ kind ];
	} catch ( e ) {
		return null;
	}
}

/**
 * Whether an upload of an earlier page waits to be resumed. Reads the list the engine's
 * ResumeStore keeps (src/upload/resume.ts: one JSON array under `uploaddialog-resume:<scope>`;
 * test/unit/loader.test.ts proves the two agree) without loading the engine.
 */
export function hasInterruptedUploads( storage: ReadableStorage | null, scope: string ): boolean {
	try {
		// ResumeStore writes arrays only; anything else throws here or has no length.
		return ( JSON.parse( ( storage && storage.getItem( `uploaddialog-resume:${ scope }` ) ) || '[]' ) as unknown[] ).length > 0;
	} catch ( e ) {
		return false;
	}
}

function mayUploadKey( scope: string ): string {
	return `uploaddialog-may-upload|${ scope }`;
}

/**
 * What the dialog found when it asked the wiki for the user's rights, kept for the session: the
 * loader of a common.js or bookmarklet install (which ResourceLoader's `rights=` does not filter)
 * then hides the link from a user who may not upload, without an API request of its own.
 */
export function rememberMayUpload( storage: Storage | null, scope: string, mayUpload: boolean ): void {
	try {
		storage?.setItem( mayUploadKey( scope ), mayUpload ? '1' : '0' );
	} catch ( e ) {
		// Full or refused: the link shows again, and the dialog explains again.
	}
}

/** Whether the dialog found this session that the user may not upload. */
export function knownNotToUpload( storage: ReadableStorage | null, scope: string ): boolean {
	try {
		return !!storage && storage.getItem( mayUploadKey( scope ) ) === '0';
	} catch ( e ) {
		return false;
	}
}
