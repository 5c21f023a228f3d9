/**
 * "Preview" beside a description page text: the page as the wiki renders it, asked for on a
 * click (never while typing: every preview is a parse on the wiki), shown in a region below the
 * text until the user hides it. A changed text is not previewed again by itself; the region
 * says that it shows an older text, and "Preview" asks again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DescriptionPreview, PreviewDescription } from '../api/preview';
import { msg } from '../i18n';
import { describeFailure } from '../upload/failures';
import { failureText } from './FailureView';
import { WikiHtml } from './WikiHtml';
import { BUTTON } from './codex';

interface PreviewProps {
	/** Unique in the dialog: the region's id is made from it. */
	id: string;
	text: string;
	/** The name the file will have: the page is File:<filename>. */
	filename: string;
	preview: PreviewDescription;
	/** The heading's level where the preview sits (a card: 3, the batch panel: 4). */
	level?: 3 | 4;
}

type Shown =
	| { state: 'loading' }
	| { state: 'done'; result: DescriptionPreview }
	| { state: 'empty' }
	| { state: 'failed'; error: string };

export function Preview( { id, text, filename, preview, level = 3 }: PreviewProps ) {
	// null: hidden. `of`: the text and name shown, to tell when the fields moved on.
	const [ shown, setShown ] = useState<( Shown & { of: string } ) | null>( null );
	const request = useRef<AbortController | null>( null );
	const regionId = `${ id }-preview`;

	const stop = () => {
		request.current?.abort();
		request.current = null;
	};
	// A preview still on its way when the card folds or the dialog closes is not wanted any more.
	useEffect( () => stop, [] );

	const show = () => {
		stop();
		const of = key( text, filename );
		// An empty text makes an empty page: nothing to ask the wiki.
		if ( !text.trim() ) {
			setShown( { state: 'empty', of } );
			return;
		}
		const controller = new AbortController();
		request.current = controller;
		setShown( { state: 'loading', of } );
		preview( text, filename, { signal: controller.signal } ).then(
			( result ) => {
				if ( request.current === controller ) {
					request.current = null;
					setShown( { state: 'done', result, of } );
				}
			},
			( error: unknown ) => {
				// A later preview, a hide or the end of the component stopped this one: say nothing.
				if ( request.current === controller ) {
					request.current = null;
					setShown( { state: 'failed', error: errorText( error ), of } );
				}
			}
		);
	};
	const hide = () => {
		stop();
		setShown( null );
	};

	const loading = shown !== null && shown.state === 'loading';
	const Heading = level === 3 ? 'h3' : 'h4';
	return (
		<div class="uploaddialog-pagepreview-block">
			<div class="uploaddialog-pagepreview-tools">
				<button type="button" class={ BUTTON } aria-controls={ shown ? regionId : undefined } disabled={ loading } onClick={ show }>
					{ msg( 'uploaddialog-preview-show' ) }
				</button>
				{ shown && (
					<button type="button" class={ BUTTON } aria-controls={ regionId } onClick={ hide }>
						{ msg( 'uploaddialog-preview-hide' ) }
					</button>
				) }
			</div>
			{ shown && (
				<section
					id={ regionId }
					class="uploaddialog-pagepreview"
					aria-label={ msg( 'uploaddialog-preview-region' ) }
					aria-busy={ loading }
				>
					<Heading class="uploaddialog-pagepreview-heading">{ msg( 'uploaddialog-preview-heading' ) }</Heading>
					{ shown.state !== 'loading' && shown.of !== key( text, filename ) && (
						<p class="uploaddialog-note">{ msg( 'uploaddialog-preview-outdated' ) }</p>
					) }
					<PreviewBody shown={ shown } />
				</section>
			) }
		</div>
	);
}

function PreviewBody( { shown }: { shown: Shown } ) {
	switch ( shown.state ) {
		case 'loading':
			// Said by itself (a status); the page that follows is not: read out whole, a long
			// description would hold the screen reader for minutes.
			return <p class="uploaddialog-note" role="status">{ msg( 'uploaddialog-preview-loading' ) }</p>;
		case 'empty':
			return <p class="uploaddialog-note">{ msg( 'uploaddialog-preview-empty' ) }</p>;
		case 'failed':
			return <p class="uploaddialog-error-text" role="alert">{ shown.error }</p>;
		case 'done':
			return <ParsedPage result={ shown.result } />;
	}
}

function ParsedPage( { result }: { result: DescriptionPreview } ) {
	return (
		<>
			{ /* MediaWiki's parser made it (action=parse), and sanitised whatever the user typed. */ }
			<WikiHtml html={ result.html } class="uploaddialog-pagepreview-content" />
			{ result.categories.length > 0 && (
				<p class="uploaddialog-pagepreview-categories">
					{ msg( 'uploaddialog-preview-categories', result.categories.length, result.categories.join( ', ' ) ) }
				</p>
			) }
		</>
	);
}

/** What the preview was made from, to compare with the fields now. */
function key( text: string, filename: string ): string {
	return `${ filename }\n${ text }`;
}

/**
 * Why there is no preview, in words: the dialog's own message for the failure (connection,
 * timeout, HTTP status, a lost login …). For a code it has no words for, failureText speaks of
 * a failed upload, which this is not: the wiki's own explanation (plain text) says more.
 */
function errorText( error: unknown ): string {
	const failure = describeFailure( error );
	const text = failureText( failure );
	const generic = text === msg( 'uploaddialog-error-unknown', failure.code );
	return msg( 'uploaddialog-preview-error', generic ? failure.info || failure.code : text );
}
