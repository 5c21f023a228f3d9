/**
 * The dialog's messages, in MediaWiki's own format (`$1`, `{{PLURAL:…}}`), registered with
 * mw.messages and rendered by mw.message (with mediawiki.jqueryMsg for PLURAL), so translators
 * and wiki administrators meet what they know: a wiki can even override a message on-wiki.
 */
import de from './de.json';
import en from './en.json';
import { registerBundled } from './register';

export { languageChain } from './register';

export type MessageKey = Exclude<keyof typeof en, '@metadata'>;

/** The languages shipped in the bundle; anything else falls back to English. */
const BUNDLED = { en, de };

/** The dialog's messages in the user's language, English where it lacks one (see register.ts). */
export function registerMessages( language: string ): void {
	registerBundled( BUNDLED, language );
}

/** A message as plain text (never HTML: Preact escapes it where it is shown). */
export function msg( key: MessageKey, ...params: Array<string | number> ): string {
	return mw.message( key, ...params ).text();
}

/** Whether a message exists, for keys made from codes (errors, warnings). */
export function hasMessage( key: string ): key is MessageKey {
	return mw.messages.exists( key );
}
