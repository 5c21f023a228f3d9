/**
 * Modules the build makes (build.mjs, scripts/lib/messages.mjs): `uploaddialog:messages/<keys>`
 * is the texts of those keys (without their `uploaddialog-` prefix, comma-separated) in every
 * bundled language, by language code.
 */
declare module 'uploaddialog:messages/*' {
	const texts: Record<string, Record<string, string>>;
	export default texts;
}
