/**
 * What action=upload would answer about a target name, worked out from what the wiki said about
 * its titles: the same warnings (`exists`, `page-exists`, `was-deleted`, `badfilename`,
 * `exists-normalized`, `thumb`, `thumb-name`, `bad-prefix`, in warnings.ts's UploadWarning shape)
 * and the same refusals (`illegal-filename`, `titleblacklist-forbidden`, `protectedpage`,
 * `fileexists-forbidden` …, as UploadFailure). This file owns that verdict and the titles a name
 * needs asked about (titlesFor); asking them is nameChecker.ts's.
 *
 * What it cannot tell before the bytes are there is left to the upload's own warnings:
 * `duplicate`, `duplicate-archive`, `nochange`, `duplicateversions`, `empty-file` (they need the
 * content; NameChecksApi.findContent answers the first two once the
 * file's SHA-1 is known). Not mimicked: `exists-normalized` for another extension altogether
 * (Foo.png while Foo.jpg exists: MediaWiki finds it with a prefix search, one request per name),
 * and a wiki without $wgCapitalLinks (names differing only in the first letter's case count as
 * one in findDuplicateTargets). A check is advice: the wiki has the last word when the file is
 * sent, and its warnings are shown then as always.
 */
import type { FileVersion, RawWarnings } from '../api/types';
import type { TitleFacts } from '../api/nameChecks';
import { remedyFor, type UploadFailure } from './failures';
import {
	badPrefix,
	dbKey,
	isBadFileName,
	normalizedVariant,
	thumbOriginal,
	titleError,
	ucfirst,
	type PreparedName
} from './nameRules';
import { parseWarnings, type UploadWarning } from './warnings';

/** What the upload would say about one target name. */
export interface NameCheck {
	/** The name as asked about. */
	name: string;
	/** The name the wiki would store the file under, as warnings write it ("Foo_bar.jpg"); null when refused first. */
	wikiName: string | null;
	/** The upload's warnings for this name (none when it is refused). */
	warnings: UploadWarning[];
	/** Why the upload would be refused under this name. */
	error: UploadFailure | null;
	/** The wiki's own file of that name now (to tell one's own upload, or an identical one). */
	file: FileVersion | null;
	/** The wiki could not be asked (network, …): nothing is known about the name yet. */
	failure?: UploadFailure;
}

/** The facts a name's check is made of: its title, and those of two names the upload compares it with. */
export interface NameFacts {
	main: TitleFacts;
	/** The name with its extension spelled the usual way ("Foo.JPG" → "Foo.jpg"), when different. */
	variant?: TitleFacts;
	/** The file a thumbnail-looking name ("180px-Foo.jpg") would be a thumbnail of. */
	thumb?: TitleFacts;
}

/** What the checks know about the user and the wiki besides the titles. */
export interface CheckContext {
	/** MediaWiki:Filename-prefix-blacklist, parsed. */
	prefixes: string[];
	/** The user's rights (SiteInfo.rights): without them, overwrite rights are left to the wiki. */
	rights?: string[];
	userName?: string | null;
	/** $wgFileExtensions (SiteInfo.fileExtensions): without it, extensions are left to the wiki. */
	fileExtensions?: string[];
}

export interface TitlePlan {
	main: string;
	variant?: string;
	thumb?: string;
}
function failure( code: string, info = '', params: string[] = [] ): UploadFailure {
	return { code, info, params, remedy: remedyFor( code ), transient: false };
}

/** "File:Foo bar.jpg" (any namespace name) → "Foo_bar.jpg". Namespace names hold no colon. */
export function dbKeyOfTitle( title: string ): string {
	return dbKey( title.slice( title.indexOf( ':' ) + 1 ) );
}

/**
 * The titles to ask about for a prepared name. The wiki normalises each; the extra two are
 * worked out from the name as the wiki will most likely write it (runs of spaces collapsed,
 * ends trimmed), and checked against the wiki's real form when the answer is read.
 */
export function titlesFor( prepared: PreparedName ): TitlePlan | null {
	if ( prepared.error ) {
		return null;
	}
	const likely = prepared.candidate.replace( /[ _]+/g, ' ' ).trim();
	const plan: TitlePlan = { main: `File:${ likely }` };
	const variant = normalizedVariant( likely );
	if ( variant !== null ) {
		plan.variant = `File:${ variant }`;
	}
	const original = thumbOriginal( likely );
	if ( original !== null ) {
		plan.thumb = `File:${ original }`;
	}
	return plan;
}

/**
 * Whether the answer is about the name expected, as the wiki compares titles: "foo.jpg" is
 * File:Foo.jpg with $wgCapitalLinks (the original of "180px-foo.jpg" is asked as it is spelt
 * there, and the wiki capitalises it), and stays "foo.jpg" without. Any other change the wiki
 * made means the answer is about another name.
 */
function sameName( facts: TitleFacts | undefined, expected: string | null ): facts is TitleFacts {
	if ( !facts || !facts.title || expected === null ) {
		return false;
	}
	const answered = dbKeyOfTitle( facts.title );
	return answered === dbKey( expected ) || answered === ucfirst( dbKey( expected ) );
}

/**
 * What action=upload would answer about the name, from what the wiki said about its titles,
 * in the order UploadBase works: the name's own refusals, the title's, the user's permissions
 * (UploadBase::verifyTitlePermissions, checkOverwrite), then the warnings of checkWarnings:
 * badfilename, the first of getExistsWarning's chain (exists, page-exists, exists-normalized,
 * thumb / thumb-name, bad-prefix), was-deleted.
 */
export function evaluateName( prepared: PreparedName, facts: NameFacts | null, context: CheckContext ): NameCheck {
	const name = prepared.desired;
	const refused = ( error: UploadFailure, wikiName: string | null = null, file: FileVersion | null = null ): NameCheck =>
		( { name, wikiName, warnings: [], error, file } );
	if ( prepared.error || !facts ) {
		return refused( failure( prepared.error || 'illegal-filename' ) );
	}
	const { main } = facts;
	if ( !main.title ) {
		// The wiki's reason ("… contains invalid characters …") goes along as its own words.
		return refused( failure( 'illegal-filename', main.invalidReason || '' ) );
	}
	const wikiName = dbKeyOfTitle( main.title );
	const nameError = titleError( wikiName, context.fileExtensions );
	if ( nameError ) {
		return refused( failure( nameError.code, '', nameError.params ), wikiName );
	}
	const refusal = main.refusals && main.refusals[ 0 ];
	if ( refusal ) {
		return refused( { ...failure( refusal.code, refusal.text ), ...( refusal.html ? { html: refusal.html } : {} ) }, wikiName, main.file );
	}
	const rights = context.rights;
	if ( rights && main.file ) {
		const may = rights.indexOf( 'reupload' ) !== -1 ||
			( rights.indexOf( 'reupload-own' ) !== -1 && !!context.userName && main.file.user === context.userName );
		if ( !may ) {
			return refused( failure( 'fileexists-forbidden', '', [ wikiName ] ), wikiName, main.file );
		}
	}
	// checkOverwrite finds a file through RepoGroup::findFile, which looks in shared repositories
	// and follows a redirect: either needs reupload-shared. (For a redirect the wiki names the
	// target's file, whose name the query does not give: the title is named instead.)
	if ( rights && !main.file && ( main.shared || main.redirectFile ) && rights.indexOf( 'reupload-shared' ) === -1 ) {
		return refused( failure( 'fileexists-shared-forbidden', '', [ wikiName ] ), wikiName );
	}

	// The warnings as the API would write them, then read as the upload's are.
	const raw: RawWarnings = {};
	if ( isBadFileName( name, wikiName ) ) {
		raw.badfilename = wikiName;
	}
	const variantName = normalizedVariant( wikiName );
	const thumbName = thumbOriginal( wikiName );
	if ( main.file ) {
		raw.exists = wikiName;
	} else if ( main.pageExists ) {
		raw[ 'page-exists' ] = wikiName;
	} else if ( sameName( facts.variant, variantName ) && facts.variant.file ) {
		raw[ 'exists-normalized' ] = dbKeyOfTitle( facts.variant.title as string );
	} else if ( thumbName !== null ) {
		// Without an answer for the original (its name came out otherwise), call it a
		// thumbnail-like name: the weaker of the two warnings.
		raw[ sameName( facts.thumb, thumbName ) && facts.thumb.file ? 'thumb' : 'thumb-name' ] = wikiName;
	} else if ( badPrefix( wikiName, context.prefixes ) !== null ) {
		raw[ 'bad-prefix' ] = wikiName;
	}
	if ( main.deleted && !main.file ) {
		raw[ 'was-deleted' ] = wikiName;
	}
	if ( !main.file && main.shared ) {
		// Not an upload warning: the upload silently puts a local file in front of the shared
		// one (seen with a user who has reupload-shared). Worth saying before it happens.
		raw[ 'exists-shared' ] = wikiName;
	}
	return { name, wikiName, warnings: parseWarnings( raw ), error: null, file: main.file };
}
