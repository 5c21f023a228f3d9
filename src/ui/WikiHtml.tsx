/**
 * HTML that MediaWiki's parser made, the only HTML the dialog shows: a description page's preview
 * (action=parse) and the wiki's own words in a failure (errorformat=html). The parser escaped and
 * sanitised everything in it, as it does for every page. Its links open in a new tab: followed in
 * this one, they would leave the page and lose the dialog's list.
 */
import { useEffect, useRef } from 'preact/hooks';

interface WikiHtmlProps {
	html: string;
	class: string;
	/** A span inside a sentence, rather than a block of its own. */
	inline?: boolean;
}

export function WikiHtml( { html, class: className, inline }: WikiHtmlProps ) {
	const box = useRef<HTMLElement>( null );
	useEffect( () => {
		box.current?.querySelectorAll( 'a[href]' ).forEach( ( link ) => {
			link.setAttribute( 'target', '_blank' );
			link.setAttribute( 'rel', 'noopener' );
		} );
	}, [ html ] );
	const Tag = inline ? 'span' : 'div';
	return <Tag ref={ box as never } class={ className } dangerouslySetInnerHTML={ { __html: html } } />;
}
