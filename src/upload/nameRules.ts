/**
 * What MediaWiki 1.43 does to a file name before and around action=upload, as pure functions, so
 * the dialog can tell a name's problems before any byte is sent. Each rule says where it comes
 * from (includes/upload/UploadBase.php, includes/filerepo/file/File.php, GlobalFunctions.php);
 * the wiki keeps the last word through its upload warnings and errors.
 *
 * Names here are in MediaWiki's "DB key" form where it says so (underscores for spaces), because
 * that is how the upload warnings name files: `{"exists":"Pc_Space_name.pdf"}`.
 */

/**
 * Names of the File namespace that a typed name may start with: the canonical name and the old
 * alias. A wiki adds its own language's names (mw.config wgNamespaceIds, the keys for 6).
 */
export const DEFAULT_FILE_NAMESPACES = [ 'File', 'Image' ];

/**
 * Characters of $wgLegalTitleChars (1.43 default, no longer customisable), minus $wgIllegalFileChars
 * (":", "/", "\\"). wfStripIllegalFilenameChars turns every other character into "-". PHP works
 * on UTF-8 bytes and allows every byte \x80-\xFF: here, every code unit from U+0080 on.
 */
const NOT_FILENAME_CHAR = /[^ %!"$&'()*,\-.0-9;=?@A-Z^_`a-z~+\u0080-\uffff]/g;

/**
 * C0 controls other than tab, LF and CR: the wiki's input handling (UtfNormal's cleanUp) turns
 * them into U+FFFD before anything else, and a title with U+FFFD is invalid. Seen on 1.43.12:
 * the name "Pc-\x01ctl.png" gives `illegal-filename`, but "Pc-a\tb.png" gives the warning
 * `badfilename` "Pc-a-b.png".
 */
const INPUT_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/**
 * A name as the wiki receives it. MediaWiki's WebRequest runs every parameter through UtfNormal's
 * cleanUp before any code reads it: C0 controls become U+FFFD, and the text is put in Unicode
 * NFC. So "E" + U+0301 (NFD, as macOS file names and some keyboards give it) arrives as "É": the
 * 240-byte limit, the badfilename comparison and the title are all worked out on that form, and
 * an NFD and an NFC spelling of a name aim at one file. Every rule below that takes a typed name
 * starts here. (Wikis in Arabic or Malayalam fix some further characters, $wgFixArabicUnicode /
 * $wgFixMalayalamUnicode: not mimicked.)
 */
export function receivedName( typed: string ): string {
	return typed.replace( INPUT_CONTROLS, '\ufffd' ).normalize( 'NFC' );
}

/** A name as action=upload prepares it before it asks the wiki (UploadBase::getTitle). */
export interface PreparedName {
	/** As typed (the dialog matches a check to the name in the field by it). */
	desired: string;
	/**
	 * The name to ask the wiki about, without namespace: as the wiki receives it (receivedName),
	 * a File: prefix taken off, characters a file name may not have turned into "-". The wiki
	 * then normalises it as a title.
	 */
	candidate: string;
	/** A refusal found without asking ('name-empty', 'filename-toolong'), or null. */
	error: string | null;
}

function byteLength( text: string ): number {
	return new TextEncoder().encode( text ).length;
}

/** "foo bar" → "Foo bar": Title::capitalize for a wiki with $wgCapitalLinks (the default). */
export function ucfirst( text: string ): string {
	const first = text.codePointAt( 0 );
	if ( first === undefined ) {
		return text;
	}
	const char = String.fromCodePoint( first );
	return char.toUpperCase() + text.slice( char.length );
}

/**
 * The part after a File: prefix, when the name starts with one (MediaWikiTitleCodec splits at
 * the first colon, ignoring underscores and spaces around it, and compares case-insensitively).
 */
function withoutFileNamespace( name: string, namespaces: string[] ): string {
	const match = /^([^:]+?)[ _]*:[ _]*(.*)$/.exec( name );
	if ( !match ) {
		return name;
	}
	const prefix = match[ 1 ].replace( / /g, '_' ).toLowerCase();
	const isFile = namespaces.some( ( ns ) => ns.replace( / /g, '_' ).toLowerCase() === prefix );
	return isFile ? match[ 2 ] : name;
}

/**
 * UploadBase::getTitle up to the point where it needs the wiki: a "File:" prefix is dropped
 * (seen: "File:Pc-Q.png" → warning badfilename "Pc-Q.png"), a name over 240 bytes is refused
 * (the archive name adds a timestamp and "!" to it in a 255-byte column), and
 * wfStripIllegalFilenameChars turns every character a title or a file name may not hold into
 * "-" (seen: "Pc-a[b]{c}|d.png" → badfilename "Pc-a-b--c--d.png").
 */
export function prepareName( desired: string, fileNamespaces: string[] = DEFAULT_FILE_NAMESPACES ): PreparedName {
	const received = receivedName( desired );
	if ( !received.trim() ) {
		return { desired, candidate: '', error: 'name-empty' };
	}
	const filtered = withoutFileNamespace( received, fileNamespaces );
	if ( byteLength( filtered ) > 240 ) {
		return { desired, candidate: filtered, error: 'filename-toolong' };
	}
	return { desired, candidate: filtered.replace( NOT_FILENAME_CHAR, '-' ), error: null };
}

/** "Foo bar.jpg" → "Foo_bar.jpg". */
export function dbKey( text: string ): string {
	return text.replace( / /g, '_' );
}

/**
 * Refusals UploadBase::getTitle finds once the wiki has made a title of the name (`dbKeyName`,
 * without namespace): an empty extension ("Foo.": `filetype-missing`), an extension the wiki
 * does not take (`filetype-banned`, checked only when `fileExtensions` is given:
 * $wgFileExtensions with $wgStrictFileExtensions, its default), nothing before the extension
 * (`filename-tooshort`, seen: ".png").
 *
 * A name without any dot is not refused: getTitle then guesses the extension from the content's
 * MIME type and goes on with the longer name, which the upload's `badfilename` warning gives
 * (seen: "Pmwv3p687-NoExt" → badfilename "Pmwv3p687-NoExt.pdf"). Whether the content has a
 * type it knows, and whether its extension is allowed, only the wiki can tell.
 */
export function titleError( dbKeyName: string, fileExtensions?: string[] ): { code: string; params: string[] } | null {
	// UploadBase::splitExtensions: everything after the first dot is a list of extensions.
	const bits = dbKeyName.split( '.' );
	const base = bits.shift() as string;
	if ( !bits.length ) {
		return null;
	}
	const finalExtension = bits[ bits.length - 1 ].trim();
	if ( !finalExtension ) {
		return { code: 'filetype-missing', params: [] };
	}
	if ( fileExtensions && fileExtensions.length &&
		fileExtensions.map( ( e ) => e.toLowerCase() ).indexOf( finalExtension.toLowerCase() ) === -1
	) {
		return { code: 'filetype-banned', params: [ finalExtension, fileExtensions.join( ', ' ) ] };
	}
	const partname = [ base ].concat( bits.slice( 0, -1 ) ).join( '.' );
	if ( partname.length < 1 ) {
		return { code: 'filename-tooshort', params: [] };
	}
	return null;
}

/**
 * UploadBase::checkBadFileName: the wiki's name differs from the typed one in more than spaces
 * for underscores and the case of the first letter. `wikiDbKey` is the name the wiki made
 * (underscores); the value of the warning is that name.
 */
export function isBadFileName( desired: string, wikiDbKey: string ): boolean {
	const received = receivedName( desired );
	const comparable = dbKey( received );
	return received !== wikiDbKey && comparable !== wikiDbKey && ucfirst( comparable ) !== wikiDbKey;
}

/** The name split at its last dot, as UploadBase::getExistsWarning does (a dot at 0 counts as none). */
export function splitAtLastDot( name: string ): { partname: string; extension: string } {
	const n = name.lastIndexOf( '.' );
	return n > 0 ?
		{ partname: name.slice( 0, n ), extension: name.slice( n + 1 ) } :
		{ partname: name, extension: '' };
}

/** File::normalizeExtension: lower case, the usual spelling of a few ('jpeg' → 'jpg'), '' when odd. */
export function normalizeExtension( extension: string ): string {
	const lower = extension.toLowerCase();
	const squish: Record<string, string> = { htm: 'html', jpeg: 'jpg', mpeg: 'mpg', tiff: 'tif', ogv: 'ogg' };
	if ( Object.prototype.hasOwnProperty.call( squish, lower ) ) {
		return squish[ lower ];
	}
	return /^[0-9a-z]+$/.test( lower ) ? lower : '';
}

/**
 * The name with its extension spelled as MediaWiki prefers it ("Foo.JPEG" → "Foo.jpg"), when
 * that is another name: getExistsWarning warns `exists-normalized` when a file of that name
 * exists (seen: "Pc-N.JPEG" while "Pc-N.jpg" exists).
 */
export function normalizedVariant( name: string ): string | null {
	const { partname, extension } = splitAtLastDot( name );
	const normalized = normalizeExtension( extension );
	return normalized !== extension ? `${ partname }.${ normalized }` : null;
}

/**
 * UploadBase::isThumbName: two digits, then "px-" at the third or fourth byte ("50px-",
 * "180px-"). PHP counts bytes: a character other than ASCII there shifts "px-" out of place.
 */
export function isThumbName( name: string ): boolean {
	const n = name.lastIndexOf( '.' );
	const partname = n > 0 ? name.slice( 0, n ) : name;
	return /^[0-9]{2}(?:px-|[\u0000-\u007f]px-)/.test( partname );
}

/**
 * The file a thumbnail-looking name would be a thumbnail of ("180px-Foo.pdf" → "Foo.pdf"), or
 * null: getExistsWarning warns `thumb` when that file exists, else `thumb-name`.
 */
export function thumbOriginal( name: string ): string | null {
	if ( !isThumbName( name ) ) {
		return null;
	}
	const { partname, extension } = splitAtLastDot( name );
	return `${ partname.slice( partname.indexOf( '-' ) + 1 ) }.${ extension }`;
}

/**
 * The prefixes of MediaWiki:Filename-prefix-blacklist, read as UploadBase::getFilenamePrefixBlacklist
 * reads them: lines starting with "#" and empty lines skipped, a comment cut off one character
 * before its "#" (so "DSC_ # Nikon" gives "DSC_"; "X# y" would give "" as MediaWiki does).
 */
export function parsePrefixBlacklist( text: string | null ): string[] {
	if ( !text || text === '-' ) {
		return [];
	}
	const list: string[] = [];
	text.split( '\n' ).forEach( ( line ) => {
		const first = line.trim().slice( 0, 1 );
		if ( first === '#' || first === '' ) {
			return;
		}
		const comment = line.indexOf( '#' );
		list.push( ( comment > 0 ? line.slice( 0, Math.max( 0, comment - 1 ) ) : line ).trim() );
	} );
	return list;
}

/** The blacklisted prefix the name (DB key) starts with, or null (warning `bad-prefix`). */
export function badPrefix( dbKeyName: string, prefixes: string[] ): string | null {
	const { partname } = splitAtLastDot( dbKeyName );
	for ( const prefix of prefixes ) {
		if ( partname.indexOf( prefix ) === 0 ) {
			return prefix;
		}
	}
	return null;
}

/**
 * A name as the wiki would store it, guessed without asking: for telling whether two typed names
 * aim at the same file ("a b.jpg", "A_b.jpg" and "a  b.jpg" do). Title normalisation collapses
 * runs of spaces and underscores and trims them; $wgCapitalLinks capitalises the first letter.
 */
export function titleKey( name: string, fileNamespaces: string[] = DEFAULT_FILE_NAMESPACES ): string {
	const { candidate } = prepareName( name, fileNamespaces );
	return ucfirst( candidate.replace( /[ _]+/g, '_' ).replace( /^_+|_+$/g, '' ) );
}
