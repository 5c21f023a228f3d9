/**
 * Registering bundled messages with mw.messages, without bundling any: the loader (a few messages)
 * and the dialog (all of them) each pass their own texts, so the loader stays free of the dialog's.
 */
export type Messages = Record<string, unknown>;

/** "de-at" → ["de-at", "de"]: the user's language, then its base language. */
export function languageChain( language: string ): string[] {
	const code = language.toLowerCase();
	const base = code.split( '-' )[ 0 ];
	return base === code ? [ code ] : [ code, base ];
}

/**
 * English first, then the most general to the most specific of the user's languages, so each
 * missing translation falls back to English. Messages the wiki already defines (an on-wiki
 * customisation loaded earlier) are kept.
 */
export function registerBundled( bundled: Record<string, Messages | undefined>, language: string ): void {
	const merged: Record<string, string> = {};
	[ 'en' ].concat( languageChain( language ).reverse() ).forEach( ( code ) => {
		const messages = bundled[ code ];
		if ( messages ) {
			Object.keys( messages ).forEach( ( key ) => {
				if ( key !== '@metadata' ) {
					merged[ key ] = String( messages[ key ] );
				}
			} );
		}
	} );
	Object.keys( merged ).forEach( ( key ) => {
		if ( !mw.messages.exists( key ) ) {
			mw.messages.set( key, merged[ key ] );
		}
	} );
}
