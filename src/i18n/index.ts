/**
 * The dialog's messages, in MediaWiki's own format (`$1`, `{{PLURAL:…}}`), registered with
 * mw.messages and rendered by mw.message (with mediawiki.jqueryMsg for PLURAL), so translators
 * and wiki administrators meet what they know: a wiki can even override a message on-wiki.
 */
import en from './en.json';
import { registerBundled, type Messages } from './register';

export { languageChain } from './register';

export type MessageKey = Exclude<keyof typeof en, '@metadata'>;

/**
 * The dialog's messages in the user's language, English where it lacks one (see register.ts).
 * English comes with the dialog; the other languages are parts of their own (`i18n-de`: only the
 * user's is fetched, src/parts/load.ts loadLanguages()), given here by language code.
 */
export function registerMessages( language: string, languages: Record<string, Messages> = {} ): void {
	registerBundled( { ...languages, en }, language );
}

/** A message as plain text (never HTML: Preact escapes it where it is shown). */
export function msg( key: MessageKey, ...params: Array<string | number> ): string {
	return mw.message( key, ...params ).text();
}

/** Whether a message exists, for keys made from codes (errors, warnings). */
export function hasMessage( key: string ): key is MessageKey {
	return mw.messages.exists( key );
}
