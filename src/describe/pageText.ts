/**
 * The text of a file's description page, in the two shapes a wiki may expect:
 *
 * - `specialUploadPageText`: what Special:Upload writes (MediaWiki 1.43,
 *   SpecialUpload::getInitialPageText, without $wgUseCopyrightUpload): the description under the
 *   `filedesc` heading unless it already holds that heading, then the `license-header` heading
 *   and `{{template}}` when a licence was chosen. The heading words are the caller's: the
 *   messages `filedesc` and `license-header` in the wiki's content language (or `{{int:…}}` on a
 *   wiki that forces them as content messages).
 * - `structuredPageText`: what MediaWiki's own upload dialog writes from $wgUploadDialog's
 *   `format` (core's mw.ForeignStructuredUpload#getText), but better than core: every occurrence
 *   of a placeholder is replaced, in one pass (a `$DATE` typed inside the description stays
 *   text); the user's text is inserted literally (a function replacer: `$&`, `$$`, `$1` in it
 *   are not replacement patterns); and it is escaped for the template argument it lands in
 *   (see wikitextEscape.ts), so the page renders it as typed.
 */
import { escapeTemplateArgument, titleText } from './wikitextEscape';

/** The heading words, from the wiki's content language. */
export interface SpecialUploadHeadings {
	/** The message `filedesc` ("Summary"). */
	filedesc: string;
	/** The message `license-header` ("Licensing"). */
	licenseHeader: string;
}

/** Special:Upload's page text: `description` is wikitext as the user typed it. */
export function specialUploadPageText( description: string, licenceTemplate: string, headings: SpecialUploadHeadings ): string {
	const licenceText = licenceTemplate !== '' ?
		`== ${ headings.licenseHeader } ==\n{{${ licenceTemplate }}}\n` :
		'';
	const heading = `== ${ headings.filedesc } ==`;
	let pageText = description + '\n';
	if ( description !== '' && description.indexOf( heading ) === -1 ) {
		pageText = heading + '\n' + pageText;
	}
	return pageText + licenceText;
}

/** `format` of meta=siteinfo&siprop=uploaddialog ($wgUploadDialog['format']). */
export interface UploadDialogFormat {
	filepage: string;
	description: string;
	ownwork: string;
	license: string;
	uncategorized: string;
}

/** $wgUploadDialog's default format (MainConfigSchema::UploadDialog in 1.43). */
export const DEFAULT_FORMAT: UploadDialogFormat = {
	filepage: '$DESCRIPTION',
	description: '$TEXT',
	ownwork: '',
	license: '',
	uncategorized: ''
};

/** Whether the wiki configured a structured format (core's default is the bare description). */
export function isStructuredFormat( format: UploadDialogFormat ): boolean {
	return format.filepage.trim() !== DEFAULT_FORMAT.filepage;
}

/** Who made the work and under which terms. */
export type Authorship =
	/** "This is my own work": source, author and licence come from the wiki's format. */
	| { ownWork: true; userName: string }
	/** Someone else's: what the user typed, and the licence picked from the wiki's list ('' for none). */
	| { ownWork: false; source: string; author: string; licenceTemplate: string };

export interface StructuredDescription {
	/** One description per language (codes like `en`, `de`, `pt-br`). */
	descriptions: Array<{ language: string; text: string }>;
	/** The date as it should appear (e.g. `2026-07-14` or `2026-07-14 18:03:22`), '' for none. */
	date: string;
	authorship: Authorship;
	/** Category names, with or without the `Category:` prefix. */
	categories: string[];
}

/** The description page from the wiki's $wgUploadDialog format. */
export function structuredPageText( format: UploadDialogFormat, fields: StructuredDescription ): string {
	const { authorship } = fields;
	return fill( format.filepage, {
		DESCRIPTION: fields.descriptions
			.map( ( d ) => fill( format.description, {
				LANGUAGE: languageCode( d.language ),
				TEXT: escapeTemplateArgument( d.text )
			} ) )
			.join( '\n' ),
		DATE: escapeTemplateArgument( fields.date ),
		SOURCE: authorship.ownWork ? format.ownwork : escapeTemplateArgument( authorship.source ),
		AUTHOR: authorship.ownWork ? userLink( authorship.userName ) : escapeTemplateArgument( authorship.author ),
		LICENSE: authorship.ownWork ? format.license : licenceTransclusion( authorship.licenceTemplate ),
		CATEGORIES: categoryLines( fields.categories ) || format.uncategorized
	} );
}

/** `[[User:Name|Name]]`, as core writes it (the namespace not localised: any wiki knows `User`). */
export function userLink( userName: string ): string {
	const name = titleText( userName );
	return `[[User:${ name }|${ name }]]`;
}

/** One `[[Category:…]]` line per distinct category, in the order given. */
export function categoryLines( categories: string[] ): string {
	const seen: string[] = [];
	categories.forEach( ( raw ) => {
		const name = titleText( raw.replace( /^\s*category\s*:/i, '' ) ).replace( /_/g, ' ' );
		if ( name && seen.indexOf( name ) === -1 ) {
			seen.push( name );
		}
	} );
	return seen.map( ( name ) => `[[Category:${ name }]]` ).join( '\n' );
}

function licenceTransclusion( template: string ): string {
	return template === '' ? '' : `{{${ template }}}`;
}

/** A language code as a template name: only what a code is made of. */
function languageCode( code: string ): string {
	return /^[a-z][a-z0-9-]*$/i.test( code ) ? code : 'und';
}

/**
 * Every `$NAME` of `values` in `template`, replaced in one pass. The replacer is a function, so
 * what it returns is inserted as it is (no `$&`/`$1` patterns), and text inserted for one
 * placeholder is never searched for another.
 */
export function fill( template: string, values: Record<string, string> ): string {
	const names = Object.keys( values ).sort( ( a, b ) => b.length - a.length );
	if ( names.length === 0 ) {
		return template;
	}
	const pattern = new RegExp( `\\$(${ names.join( '|' ) })`, 'g' );
	return template.replace( pattern, ( _match, name: string ) => values[ name ] );
}
