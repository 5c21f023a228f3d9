/**
 * The dialog's messages, in MediaWiki's own format (`$1`, `{{PLURAL:…}}`), registered with
 * mw.messages and rendered by mw.message (with mediawiki.jqueryMsg for PLURAL), so translators
 * and wiki administrators meet what they know: a wiki can even override a message on-wiki.
 */
import de from './de.json';
import en from './en.json';

export type MessageKey = Exclude<keyof typeof en, '@metadata'>;
type Messages = Record<string, unknown>;

/** The languages shipped in the bundle; anything else falls back to English. */
const BUNDLED: Record<string, Messages> = { en, de };

/** "de-at" → ["de-at", "de"]: the user's language, then its base language. */
export function languageChain( language: string ): string[] {
	const code = language.toLowerCase();
	const base = code.split( '-' )[ 0 ];
	return base === code ? [ code ] : [ code, base ];
}

function withoutMetadata( messages: Messages ): Record<string, string> {
	const out: Record<string, string> = {};
	Object.keys( messages ).forEach( ( key ) => {
		if ( key !== '@metadata' ) {
			out[ key ] = String( messages[ key ] );
		}
	} );
	return out;
}

/**
 * English first, then the most general to the most specific of the user's languages, so each
 * missing translation falls back to English. Messages the wiki already defines (an on-wiki
 * customisation loaded earlier) are kept.
 */
export function registerMessages( language: string ): void {
	const chain = [ 'en' ].concat( languageChain( language ).reverse() );
	const merged: Record<string, string> = {};
	chain.forEach( ( code ) => {
		const messages = BUNDLED[ code ];
		if ( messages ) {
			Object.assign( merged, withoutMetadata( messages ) );
		}
	} );
	Object.keys( merged ).forEach( ( key ) => {
		if ( !mw.messages.exists( key ) ) {
			mw.messages.set( key, merged[ key ] );
		}
	} );
}

/** A message as plain text (never HTML: Preact escapes it where it is shown). */
export function msg( key: MessageKey, ...params: Array<string | number> ): string {
	return mw.message( key, ...params ).text();
}

/** Whether a message exists, for keys made from codes (errors, warnings). */
export function hasMessage( key: string ): key is MessageKey {
	return mw.messages.exists( key );
}
