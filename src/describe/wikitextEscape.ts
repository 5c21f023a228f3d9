/**
 * Makes a user's text safe to put into a template argument of the wiki's description format
 * (`{{Information|description={{en|1=$TEXT}}}}` and the like) so that the page shows what was
 * typed and the template around it stays whole.
 *
 * What is escaped, and only where it would change the template's structure:
 * - `|` outside a well-formed `[[…]]` or `{{…}}` (it would start a new argument);
 * - `=` outside them (in a positional argument it would turn the argument into a named one;
 *   formats may use `{{$LANGUAGE|$TEXT}}`, so it is escaped whether or not `1=` is used);
 * - every `{` and `}` that is not part of a balanced `{{…}}` (a stray `}}` closes the template
 *   early, and even a single `}` next to the template's own `}}` makes `}}}`, a parameter);
 * - `[[` and `]]` that do not pair up (an open link hides the following `|` from the
 *   preprocessor's argument splitting, or swallows the rest);
 * - `<!--` without a `-->` after it (it would comment out the rest of the page).
 * Well-formed links and templates the user wrote (`[[Eiffel Tower|the tower]]`, `{{convert|…}}`)
 * stay wikitext: people who write wikitext in a description mean it. Closed comments and
 * `<nowiki>`/`<pre>` sections are copied as they are (the preprocessor protects their insides).
 * Not kept: a wikitext table (`{|`, `|-`) shows as text, since its pipes cannot be told from an
 * argument's; inside `<math>` or `<syntaxhighlight>` the escapes would show.
 *
 * Checked on a real MediaWiki 1.43 (action=parse of Wikimedia's format with stub templates):
 * `Left | right }} a=b $& $$ $1 {{ open`, `x}`, `open [[link|label`, `bad <!-- comment | rest`
 * and `{single} and }}} and {{{` all render exactly as typed.
 *
 * How: numeric character references (`&#124;` for `|` …). They render as the character in every
 * context (a template argument, a link label, a table cell), need no template or magic word on the
 * wiki (`{{!}}` does, and means something else inside a table), and do not switch off the rest of
 * the user's markup as `<nowiki>` would; a user's own `</nowiki>` cannot break out of them either.
 */

const ENTITY: Record<string, string> = {
	'|': '&#124;',
	'=': '&#61;',
	'{': '&#123;',
	'}': '&#125;',
	'[': '&#91;',
	']': '&#93;',
	'<': '&lt;'
};

/** Sections the preprocessor leaves alone: closed comments and nowiki/pre elements. */
const PROTECTED = /<!--[\s\S]*?-->|<(nowiki|pre)(?:\s[^>]*)?>[\s\S]*?<\/\1\s*>/iy;

interface Token {
	at: number;
	kind: '{{' | '}}' | '[[' | ']]';
}

/** The user's text for a template argument, rendering as typed (see the file comment). */
export function escapeTemplateArgument( text: string ): string {
	// Openers that never close are taken as plain text, which can leave other openers unclosed
	// (their closers were matched to them): repeat until nothing changes. Each round marks at
	// least one more position literal, so this ends.
	const literal = new Set<number>();
	for ( ;; ) {
		const unmatched = unmatchedPairs( text, literal );
		if ( unmatched.length === 0 ) {
			break;
		}
		unmatched.forEach( ( at ) => literal.add( at ) );
	}
	return render( text, literal );
}

/** Positions of `{{`, `}}`, `[[`, `]]` that do not pair up, with `literal` ones skipped. */
function unmatchedPairs( text: string, literal: Set<number> ): number[] {
	const stack: Token[] = [];
	const unmatched: number[] = [];
	walk( text, literal, ( token ) => {
		if ( token.kind === '{{' || token.kind === '[[' ) {
			stack.push( token );
			return;
		}
		const opener = token.kind === '}}' ? '{{' : '[[';
		if ( stack.length && stack[ stack.length - 1 ].kind === opener ) {
			stack.pop();
		} else {
			unmatched.push( token.at );
		}
	} );
	return unmatched.concat( stack.map( ( t ) => t.at ) );
}

/** Calls `onPair` for each two-character bracket outside protected sections; returns nothing. */
function walk( text: string, literal: Set<number>, onPair: ( token: Token ) => void ): void {
	let i = 0;
	while ( i < text.length ) {
		const skip = protectedLength( text, i );
		if ( skip ) {
			i += skip;
			continue;
		}
		const two = text.substr( i, 2 );
		if ( ( two === '{{' || two === '}}' || two === '[[' || two === ']]' ) && !literal.has( i ) ) {
			onPair( { at: i, kind: two } );
			i += 2;
		} else {
			i += 1;
		}
	}
}

function render( text: string, literal: Set<number> ): string {
	let out = '';
	let depth = 0;
	let i = 0;
	while ( i < text.length ) {
		const skip = protectedLength( text, i );
		if ( skip ) {
			out += text.substr( i, skip );
			i += skip;
			continue;
		}
		const two = text.substr( i, 2 );
		const isPair = two === '{{' || two === '}}' || two === '[[' || two === ']]';
		if ( isPair && !literal.has( i ) ) {
			depth += two === '{{' || two === '[[' ? 1 : -1;
			out += two;
			i += 2;
			continue;
		}
		if ( isPair ) {
			out += ENTITY[ two.charAt( 0 ) ] + ENTITY[ two.charAt( 1 ) ];
			i += 2;
			continue;
		}
		const c = text.charAt( i );
		if ( c === '<' && text.substr( i, 4 ) === '<!--' ) {
			// A closed comment was skipped above: this one runs to the end.
			out += ENTITY[ '<' ];
		} else if ( c === '{' || c === '}' || ( depth === 0 && ( c === '|' || c === '=' ) ) ) {
			out += ENTITY[ c ];
		} else {
			out += c;
		}
		i += 1;
	}
	return out;
}

function protectedLength( text: string, at: number ): number {
	if ( text.charAt( at ) !== '<' ) {
		return 0;
	}
	PROTECTED.lastIndex = at;
	const match = PROTECTED.exec( text );
	return match ? match[ 0 ].length : 0;
}

/**
 * A plain value for a place where no markup is wanted at all (a category or user name): drops
 * what a title cannot hold (MediaWiki's illegal title characters and line breaks) instead of
 * escaping it, since an escaped `[` would still make an invalid title.
 */
export function titleText( name: string ): string {
	return name.replace( /[[\]{}|#<>\n\r\t]/g, ' ' ).replace( / {2,}/g, ' ' ).trim();
}
