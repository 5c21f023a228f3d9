/**
 * A failure in the user's language with a way forward, and beside it the wiki's own words: as
 * the wiki rendered them where MediaWiki's parser made the HTML (errorformat=html: its links
 * work, and open in a new tab so the dialog's list is kept), else as plain text, never as HTML
 * of anyone else.
 */
import { hasMessage, msg } from '../i18n';
import type { UploadFailure } from '../upload/failures';
import { formatSize } from './format';
import { loginUrl, rightsUrl } from './links';
import { WikiHtml } from './WikiHtml';
import { BUTTON, Message, PROGRESSIVE } from './codex';

interface FailureViewProps {
	failure: UploadFailure;
	onRetry?: () => void;
	onRemove(): void;
}

/** The translated sentence for a failure: its own message, a family's, or the generic one. */
export function failureText( failure: UploadFailure ): string {
	const key = `uploaddialog-error-${ failure.code }`;
	// The engine gives sizes in bytes; the user reads them in KB / MB of their language.
	const sizes = () => failure.params.map( ( bytes ) => formatSize( Number( bytes ) ) );
	if ( failure.code === 'file-too-large-local' ) {
		return msg( 'uploaddialog-error-file-too-large-local', ...sizes() );
	}
	if ( failure.code === 'stashed-size-mismatch' ) {
		return msg( 'uploaddialog-error-stashed-size-mismatch', ...sizes() );
	}
	if ( hasMessage( key ) ) {
		return msg( key, ...failure.params );
	}
	if ( /^http-\d+$/.test( failure.code ) ) {
		return msg( 'uploaddialog-error-http', failure.code.slice( 5 ) );
	}
	if ( /^(internal_api_error_|backend-fail-)/.test( failure.code ) ) {
		return msg( 'uploaddialog-error-internal' );
	}
	if ( failure.code === 'autoblocked' ) {
		return msg( 'uploaddialog-error-blocked' );
	}
	return msg( 'uploaddialog-error-unknown', failure.code );
}

export function FailureView( { failure, onRetry, onRemove }: FailureViewProps ) {
	return (
		<Message type="error" class="uploaddialog-status is-error" role="alert">
			<p class="uploaddialog-error-text">{ failureText( failure ) }</p>
			{ failure.info && failure.info !== failure.code && <WikiWords failure={ failure } /> }
			<Remedy failure={ failure } />
			<div class="uploaddialog-actions">
				{ onRetry && <button type="button" class={ PROGRESSIVE } onClick={ onRetry }>{ msg( 'uploaddialog-retry' ) }</button> }
				<button type="button" class={ BUTTON } onClick={ onRemove }>{ msg( 'uploaddialog-remove' ) }</button>
			</div>
		</Message>
	);
}

/** The placeholder that marks where the wiki's words go in "The wiki says: $1". */
const SLOT = '\u0000';

/** "The wiki says: …", the words as MediaWiki rendered them (or as text where it did not). */
function WikiWords( { failure }: { failure: UploadFailure } ) {
	if ( !failure.html ) {
		return <p class="uploaddialog-api-info">{ msg( 'uploaddialog-api-says', failure.info ) }</p>;
	}
	// The translation decides where the words go; only they are HTML, the rest is text.
	const [ before, after = '' ] = msg( 'uploaddialog-api-says', SLOT ).split( SLOT );
	return (
		<p class="uploaddialog-api-info">
			{ before }
			<WikiHtml html={ failure.html } class="uploaddialog-wiki-words" inline />
			{ after }
		</p>
	);
}

function Remedy( { failure }: { failure: UploadFailure } ) {
	switch ( failure.remedy ) {
		case 'login':
			// A new tab: logging in here would reload the page and lose the list.
			return <p><a href={ loginUrl() } target="_blank" rel="noopener">{ msg( 'uploaddialog-remedy-login' ) }</a></p>;
		case 'rights':
			return <p><a href={ rightsUrl() } target="_blank" rel="noopener">{ msg( 'uploaddialog-rights-link' ) }</a></p>;
		case 'rename':
			return <p>{ msg( 'uploaddialog-remedy-rename' ) }</p>;
		case 'other-file':
			return <p>{ msg( 'uploaddialog-remedy-other-file' ) }</p>;
		case 'edit-url':
			return <p>{ msg( 'uploaddialog-remedy-edit-url' ) }</p>;
		default:
			return null;
	}
}
