/**
 * The page text a file is published with, built from the describing fields at commit time (one
 * pure function, called by publish.ts's commitParams()), in the wiki's own shape:
 *
 * - a wiki whose $wgUploadDialog has a structured format: the format filled from the structured
 *   fields (src/describe/pageText.ts, structuredPageText), and the raw text box's wikitext ("more
 *   text") after it;
 * - a wiki with a licence list: Special:Upload's page text (the raw text under the `filedesc`
 *   heading, the chosen licence under `license-header`), byte for byte what the wiki's own form
 *   writes for the same description and licence;
 * - otherwise the raw text as typed.
 * Categories picked as chips come last, one `[[Category:…]]` line each (in a structured format,
 * at `$CATEGORIES`). Without a setup (the wiki's settings not loaded), the raw text as typed.
 */
import { categoryLines, specialUploadPageText, structuredPageText, type SpecialUploadHeadings, type UploadDialogFormat } from '../describe/pageText';
import type { UploadFields } from './model';

/** What the wiki says about describing files, as far as the page text depends on it. */
export interface PageTextSetup {
	/** The wiki has a licence list (MediaWiki:Licenses): Special:Upload's shape. */
	hasLicenceList: boolean;
	headings: SpecialUploadHeadings;
	/** $wgUploadDialog's format where it is structured (not `$DESCRIPTION`); null otherwise. */
	format: UploadDialogFormat | null;
	/** The language the description is written in (`$LANGUAGE`): the user's. */
	language: string;
	/** For `$AUTHOR` of the user's own work. */
	userName: string;
	/**
	 * The change tags the wiki allows on an upload (paraminfo); absent: not known. A tag from a
	 * draft or a box typed before the list was known would fail the whole commit
	 * (`tags-apply-not-allowed-one`): only these go (publish.ts).
	 */
	allowedTags?: string[];
}

/** Every category of the file: the batch's (or its own) and those added for it alone. */
export function allCategories( fields: UploadFields ): string[] {
	return ( fields.categories || [] ).concat( fields.moreCategories || [] );
}

/** The page text to publish `fields` with on a wiki set up as `setup`. */
export function describedPageText( fields: UploadFields, setup: PageTextSetup | null | undefined ): string {
	const categories = allCategories( fields );
	if ( setup && setup.format ) {
		const page = structuredPageText( setup.format, {
			descriptions: ( fields.description || '' ).trim() ? [ { language: setup.language, text: fields.description || '' } ] : [],
			date: fields.date || '',
			authorship: fields.ownWork !== false ?
				{ ownWork: true, userName: setup.userName } :
				{ ownWork: false, source: fields.source || '', author: fields.author || '', licenceTemplate: setup.hasLicenceList ? fields.licence || '' : '' },
			categories
		} );
		return withMore( page, fields.text );
	}
	const base = setup && setup.hasLicenceList ?
		specialUploadPageText( fields.text, fields.licence || '', setup.headings ) :
		fields.text;
	return withMore( base, categoryLines( categories ) );
}

/** `more` after `page`, a blank line between them; either may be empty. */
function withMore( page: string, more: string ): string {
	if ( !more.trim() ) {
		return page;
	}
	return page.trim() ? `${ page.replace( /\s+$/, '' ) }\n\n${ more }` : more;
}
