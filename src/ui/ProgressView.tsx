/** Bytes sent, percent, speed and time left of one file; and a scheduled retry, if any. */
import { useEffect, useState } from 'preact/hooks';
import { msg } from '../i18n';
import type { Progress } from '../upload/model';
import { formatSize, formatTimeLeft } from './format';

export function ProgressView( { progress, retryAt }: { progress: Progress; retryAt: number | null } ) {
	const percent = progress.total ? Math.floor( ( progress.sent / progress.total ) * 100 ) : 0;
	const parts = [ msg( 'uploaddialog-progress', formatSize( progress.sent ), formatSize( progress.total ), percent ) ];
	if ( progress.bytesPerSecond ) {
		parts.push( msg( 'uploaddialog-speed', formatSize( progress.bytesPerSecond ) ) );
	}
	if ( progress.secondsLeft !== null ) {
		parts.push( formatTimeLeft( progress.secondsLeft ) );
	}
	return (
		<div class="uploaddialog-progress">
			{ /* Codex's bar is the track; the fill is ours: Codex's own bar (cdx-progress-bar__bar) only runs, it shows no amount. */ }
			<div
				class="uploaddialog-progress-bar cdx-progress-bar cdx-progress-bar--block"
				role="progressbar"
				aria-label={ msg( 'uploaddialog-progress-label' ) }
				aria-valuemin={ 0 }
				aria-valuemax={ 100 }
				aria-valuenow={ percent }
			>
				<div class="uploaddialog-progress-fill" style={ { transform: `scaleX(${ percent / 100 })` } } />
			</div>
			<span class="uploaddialog-progress-text">{ parts.join( ' · ' ) }</span>
			{ retryAt !== null && <RetryCountdown at={ retryAt } /> }
		</div>
	);
}

function RetryCountdown( { at }: { at: number } ) {
	const [ now, setNow ] = useState( Date.now() );
	useEffect( () => {
		const timer = setInterval( () => setNow( Date.now() ), 500 );
		return () => clearInterval( timer );
	}, [ at ] );
	return <span class="uploaddialog-retrying">{ msg( 'uploaddialog-retrying', Math.max( 0, Math.ceil( ( at - now ) / 1000 ) ) ) }</span>;
}
