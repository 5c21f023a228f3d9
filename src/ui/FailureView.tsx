/**
 * A failure in the user's language with a way forward. The API's own text is shown beside it
 * as plain text: it is untrusted and may contain wikitext or markup.
 */
import { hasMessage, msg } from '../i18n';
import type { UploadFailure } from '../upload/failures';
import { formatSize } from './format';
import { loginUrl, rightsUrl } from './links';

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
		<div class="uploaddialog-status is-error" role="alert">
			<p class="uploaddialog-error-text">{ failureText( failure ) }</p>
			{ failure.info && failure.info !== failure.code && (
				<p class="uploaddialog-api-info">{ msg( 'uploaddialog-api-says', failure.info ) }</p>
			) }
			<Remedy failure={ failure } />
			<div class="uploaddialog-actions">
				{ onRetry && <button type="button" class="uploaddialog-button is-progressive" onClick={ onRetry }>{ msg( 'uploaddialog-retry' ) }</button> }
				<button type="button" class="uploaddialog-button" onClick={ onRemove }>{ msg( 'uploaddialog-remove' ) }</button>
			</div>
		</div>
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
