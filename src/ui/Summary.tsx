/**
 * What became of the files once nothing is on its way any more: how many were uploaded, skipped
 * and failed; each uploaded file's page, each failure's reason; and the uploaded names to copy
 * (for a gallery, a list on a project page, a message to a colleague).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { msg } from '../i18n';
import type { UploadItem } from '../upload/model';
import { failureText } from './FailureView';
import { filePageUrl, fileTitle } from './links';
import { BUTTON, TEXT_AREA } from './codex';

/** Whether there is something to sum up: a file finished (either way) and none is busy. */
export function isFinished( item: UploadItem ): boolean {
	const state = item.status.state;
	return state === 'done' || state === 'failed' || state === 'cancelled';
}

type CopyState = 'copied' | 'manual' | null;

export function Summary( { items }: { items: UploadItem[] } ) {
	const finished = items.filter( isFinished );
	const count = ( state: string ) => finished.filter( ( i ) => i.status.state === state ).length;
	const names = finished.map( ( i ) => ( i.status.state === 'done' ? fileTitle( i.status.filename ) : null ) )
		.filter( ( n ): n is string => n !== null );
	const list = names.join( '\n' );

	return (
		<section class="uploaddialog-summary" aria-labelledby="uploaddialog-summary-heading">
			<h3 id="uploaddialog-summary-heading">{ msg( 'uploaddialog-summary-heading' ) }</h3>
			<p class="uploaddialog-summary-counts">
				{ [
					msg( 'uploaddialog-summary-done', count( 'done' ) ),
					msg( 'uploaddialog-summary-cancelled', count( 'cancelled' ) ),
					msg( 'uploaddialog-summary-failed', count( 'failed' ) )
				].join( ' · ' ) }
			</p>
			<ul class="uploaddialog-summary-list">
				{ finished.map( ( item ) => <SummaryRow key={ item.id } item={ item } /> ) }
			</ul>
			{ names.length > 0 && <CopyNames list={ list } /> }
		</section>
	);
}

function SummaryRow( { item }: { item: UploadItem } ) {
	const status = item.status;
	switch ( status.state ) {
		case 'done':
			return (
				<li class="is-done">
					<a href={ status.descriptionUrl || filePageUrl( status.filename ) } target="_blank" rel="noopener">{ fileTitle( status.filename ) }</a>
				</li>
			);
		case 'failed':
			return <li class="is-failed">{ msg( 'uploaddialog-summary-failed-item', item.label, failureText( status.failure ) ) }</li>;
		default:
			return <li class="is-cancelled">{ msg( 'uploaddialog-summary-cancelled-item', item.label ) }</li>;
	}
}

/**
 * The names, one a line, to the clipboard: with the Clipboard API where the page may use it
 * (a secure context), otherwise by selecting them in a read-only text area and the browser's
 * copy command; where both fail, the text area stays visible and selected for Ctrl+C.
 */
function CopyNames( { list }: { list: string } ) {
	const [ state, setState ] = useState<CopyState>( null );
	const area = useRef<HTMLTextAreaElement>( null );
	const button = useRef<HTMLButtonElement>( null );
	// A new name in the list: what was copied is no longer the whole list.
	useEffect( () => setState( null ), [ list ] );

	const bySelection = () => {
		const textarea = area.current;
		if ( !textarea ) {
			return;
		}
		textarea.focus();
		textarea.select();
		let copied = false;
		try {
			copied = typeof document.execCommand === 'function' && document.execCommand( 'copy' );
		} catch ( e ) {
			copied = false;
		}
		if ( copied ) {
			button.current?.focus();
		}
		setState( copied ? 'copied' : 'manual' );
	};
	const copy = () => {
		const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
		if ( clipboard && typeof clipboard.writeText === 'function' ) {
			clipboard.writeText( list ).then( () => setState( 'copied' ), bySelection );
		} else {
			bySelection();
		}
	};

	const manual = state === 'manual';
	return (
		<div class={ `uploaddialog-copy${ manual ? ' is-manual' : '' }` }>
			<button ref={ button } type="button" class={ BUTTON } onClick={ copy }>{ msg( 'uploaddialog-summary-copy' ) }</button>
			<label class="uploaddialog-copy-label" for="uploaddialog-copy-list">{ msg( 'uploaddialog-summary-names' ) }</label>
			<textarea
				ref={ area }
				id="uploaddialog-copy-list"
				class={ `${ TEXT_AREA } uploaddialog-copy-list` }
				readOnly
				rows={ 4 }
				value={ list }
				// Out of sight it is only the copy command's source: not for the keyboard or screen readers.
				tabIndex={ manual ? undefined : -1 }
				aria-hidden={ manual ? undefined : 'true' }
			/>
			<p class="uploaddialog-copy-status" role="status" aria-live="polite">
				{ state === 'copied' && msg( 'uploaddialog-summary-copied' ) }
				{ state === 'manual' && msg( 'uploaddialog-summary-copy-manual' ) }
			</p>
		</div>
	);
}
