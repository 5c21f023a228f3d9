/**
 * The upload's change tags, chosen from the tags the wiki allows on uploads (paraminfo of
 * action=upload): one checkbox each, nothing else can be entered, so the commit never meets
 * `tags-apply-not-allowed-one` for a typo. The choice is kept as the engine's `tags` field (the
 * names joined with commas). A wiki that allows none shows nothing.
 */
import { msg } from '../../i18n';
import { parseTags } from '../../upload/names';
import { Checkbox } from '../codex';

interface TagChoiceProps {
	id: string;
	allowed: string[];
	/** The chosen tags, comma-separated (UploadFields.tags). */
	value: string;
	disabled?: boolean;
	own?: boolean;
	onChange( tags: string ): void;
}

export function TagChoice( { id, allowed, value, disabled, own, onChange }: TagChoiceProps ) {
	if ( !allowed.length ) {
		return null;
	}
	// Only allowed tags count: a value typed before (an old draft) cannot slip through.
	const chosen = parseTags( value ).filter( ( t ) => allowed.indexOf( t ) !== -1 );
	const toggle = ( tag: string, on: boolean ) => {
		const next = allowed.filter( ( t ) => ( t === tag ? on : chosen.indexOf( t ) !== -1 ) );
		onChange( next.join( ',' ) );
	};
	return (
		<fieldset class="uploaddialog-field uploaddialog-tags" id={ id } disabled={ disabled } aria-describedby={ own ? `${ id }-own` : undefined }>
			<legend class="uploaddialog-field-label">
				{ msg( 'uploaddialog-field-tag-choice' ) }
				{ own && <span id={ `${ id }-own` } class="uploaddialog-own">{ msg( 'uploaddialog-own-value' ) }</span> }
			</legend>
			{ allowed.map( ( tag ) => (
				<Checkbox key={ tag } id={ `${ id }-${ tag }` } inline checked={ chosen.indexOf( tag ) !== -1 } onChange={ ( on ) => toggle( tag, on ) }>
					<bdi>{ tag }</bdi>
				</Checkbox>
			) ) }
		</fieldset>
	);
}
