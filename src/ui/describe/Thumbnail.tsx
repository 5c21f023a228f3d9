/**
 * A small picture of an image's card, so a batch of 300 photos can be told apart. Decoded only
 * once the card comes into view (IntersectionObserver), from an object URL of the file itself
 * (no copy of its bytes); the URL is revoked when the card leaves the list or shows another
 * file. The browser applies the EXIF orientation to an <img> (`image-orientation: from-image`,
 * the CSS default, set again in src/ui/styles/); Codex's CSS-only Thumbnail classes give the box.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** What browsers decode in an <img>; HEIC and TIFF get the empty box (a placeholder, not a broken image). */
const SHOWN = /^image\/(jpeg|png|gif|webp|avif|bmp)$/;

export function Thumbnail( { file }: { file: File } ) {
	const box = useRef<HTMLSpanElement>( null );
	const [ seen, setSeen ] = useState( false );
	const [ url, setUrl ] = useState<string | null>( null );
	const shown = SHOWN.test( file.type );

	useEffect( () => {
		const element = box.current;
		if ( !shown || seen || !element ) {
			return undefined;
		}
		if ( typeof IntersectionObserver === 'undefined' ) {
			setSeen( true );
			return undefined;
		}
		const observer = new IntersectionObserver( ( entries ) => {
			if ( entries.some( ( e ) => e.isIntersecting ) ) {
				setSeen( true );
				observer.disconnect();
			}
		}, { rootMargin: '200px' } );
		observer.observe( element );
		return () => observer.disconnect();
	}, [ shown, seen ] );

	useEffect( () => {
		if ( !seen || !shown ) {
			return undefined;
		}
		const objectUrl = URL.createObjectURL( file );
		setUrl( objectUrl );
		return () => {
			URL.revokeObjectURL( objectUrl );
			setUrl( null );
		};
	}, [ seen, shown, file ] );

	return (
		<span ref={ box } class="cdx-thumbnail uploaddialog-thumb" aria-hidden="true">
			{ url ?
				<span class="cdx-thumbnail__image"><img src={ url } alt="" decoding="async" width={ 56 } height={ 56 } /></span> :
				<span class="cdx-thumbnail__placeholder"><span class="cdx-thumbnail__placeholder__icon uploaddialog-thumb-icon" /></span> }
		</span>
	);
}
