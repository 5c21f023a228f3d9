/**
 * The resolve-or-ignore panel: every warning of a stashed file, explained, with links to the
 * files concerned, and the user's ways out that fit these warnings (warningChoices): rename,
 * overwrite / upload anyway / send as it is, remove the file from the list, cancel.
 * Names and values from the API are shown as text only.
 */
import { useState } from 'preact/hooks';
import { hasMessage, msg } from '../i18n';
import type { Resolution } from '../upload/queue';
import { warningChoices, type UploadWarning, type WarningChoices } from '../upload/warnings';
import { formatTimestamp } from './format';
import { deletionLogUrl, filePageUrl, fileTitle } from './links';
import { BUTTON, DESTRUCTIVE, Message, PROGRESSIVE, TEXT_INPUT } from './codex';

interface WarningsPanelProps {
	id: string;
	filename: string;
	warnings: UploadWarning[];
	/** Found by the checks before sending: nothing (or only part of the file) was sent yet. */
	early?: boolean;
	onResolve( resolution: Resolution ): void;
	/** Takes the file off the list; offered where the warnings are about what the file holds. */
	onRemove?(): void;
}

const IGNORE_LABEL = {
	overwrite: 'uploaddialog-resolve-overwrite',
	'as-is': 'uploaddialog-resolve-send-as-is',
	anyway: 'uploaddialog-resolve-ignore'
} as const;

export function WarningsPanel( { id, filename, warnings, early, onResolve, onRemove }: WarningsPanelProps ) {
	const suggested = warnings.find( ( w ) => w.suggestedName )?.suggestedName;
	const [ newName, setNewName ] = useState( filename );
	const choices = warningChoices( warnings );
	const headingId = `${ id }-warnings`;
	const renameId = `${ id }-rename`;
	const rename = ( event: Event ) => {
		event.preventDefault();
		if ( newName.trim() ) {
			onResolve( { kind: 'rename', filename: newName.trim() } );
		}
	};
	const others = <OtherChoices choices={ choices } onResolve={ onResolve } onRemove={ onRemove } />;

	return (
		<Message type="warning" section class="uploaddialog-warnings" labelledBy={ headingId }>
			<h3 id={ headingId }>{ msg( 'uploaddialog-warnings-heading' ) }</h3>
			<p>{ msg( early ? 'uploaddialog-status-needs-choice-early' : 'uploaddialog-status-needs-choice' ) }</p>
			<ul class="uploaddialog-warning-list">
				{ warnings.map( ( w ) => <WarningItem key={ w.key } warning={ w } /> ) }
			</ul>
			{ choices.rename ? (
				<form class="uploaddialog-resolve" onSubmit={ rename }>
					<label for={ renameId }>{ msg( 'uploaddialog-resolve-rename-label' ) }</label>
					<div class="uploaddialog-inline">
						<input
							id={ renameId }
							class={ TEXT_INPUT }
							value={ newName }
							onInput={ ( e ) => setNewName( ( e.target as HTMLInputElement ).value ) }
						/>
						{ suggested && suggested !== newName && (
							<button type="button" class={ BUTTON } onClick={ () => setNewName( suggested ) }>
								{ msg( 'uploaddialog-resolve-use-suggested' ) }
							</button>
						) }
					</div>
					<div class="uploaddialog-actions">
						{ /* Not type=submit (Timeless paints those blue); Enter in the name field still submits. */ }
						<button type="button" class={ PROGRESSIVE } disabled={ !newName.trim() } onClick={ rename }>
							{ msg( 'uploaddialog-resolve-rename' ) }
						</button>
						{ others }
					</div>
				</form>
			) : <div class="uploaddialog-actions">{ others }</div> }
			{ !choices.ignore && <p class="uploaddialog-note">{ msg( 'uploaddialog-resolve-no-ignore' ) }</p> }
		</Message>
	);
}

interface OtherChoicesProps {
	choices: WarningChoices;
	onResolve( resolution: Resolution ): void;
	onRemove?(): void;
}

/** Every way out but renaming: go on despite the warnings, take the file off the list, cancel. */
function OtherChoices( { choices, onResolve, onRemove }: OtherChoicesProps ) {
	const { ignore } = choices;
	return (
		<>
			{ ignore && (
				// Replacing the wiki's file destroys its current version; the other ways on do not.
				<button type="button" class={ ignore === 'overwrite' ? DESTRUCTIVE : BUTTON } onClick={ () => onResolve( { kind: 'ignore' } ) }>
					{ msg( IGNORE_LABEL[ ignore ] ) }
				</button>
			) }
			{ choices.remove && onRemove && (
				<button type="button" class={ BUTTON } onClick={ onRemove }>{ msg( 'uploaddialog-resolve-remove' ) }</button>
			) }
			<button type="button" class={ BUTTON } onClick={ () => onResolve( { kind: 'cancel' } ) }>
				{ msg( 'uploaddialog-resolve-cancel' ) }
			</button>
		</>
	);
}

function WarningItem( { warning }: { warning: UploadWarning } ) {
	const key = `uploaddialog-warning-${ warning.key }`;
	const text = warning.known && hasMessage( key ) ?
		msg( key, warning.files.length ) :
		msg( 'uploaddialog-warning-unknown', `${ warning.key }: ${ warning.raw }` );
	return (
		<li class="uploaddialog-warning" data-warning={ warning.key }>
			<span>{ text }</span>
			{ warning.files.length > 0 && (
				<ul>
					{ warning.files.map( ( name ) => (
						<li key={ name }>
							{ warning.key === 'duplicate-in-batch' ?
								// Another file of this list, not on the wiki yet: its name, no link.
								<span>{ fileTitle( name ) }</span> :
								warning.key === 'duplicate-target' ?
									// Other files of this list by their own names (they share this one's target).
									<span>{ name }</span> :
									<a href={ filePageUrl( name ) } target="_blank" rel="noopener">{ fileTitle( name ) }</a> }
							{ ( warning.key === 'was-deleted' || warning.key === 'duplicate-archive' ) && (
								<span>
									{ ' (' }
									<a href={ deletionLogUrl( name ) } target="_blank" rel="noopener">{ msg( 'uploaddialog-deletion-log' ) }</a>
									{ ')' }
								</span>
							) }
						</li>
					) ) }
				</ul>
			) }
			{ warning.timestamps.length > 0 && (
				<ul>
					{ warning.timestamps.map( ( t ) => <li key={ t }>{ msg( 'uploaddialog-warning-version-from', formatTimestamp( t ) ) }</li> ) }
				</ul>
			) }
			{ warning.suggestedName && <p class="uploaddialog-suggested"><code>{ warning.suggestedName }</code></p> }
		</li>
	);
}
