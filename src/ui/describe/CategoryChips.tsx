/**
 * Categories as chips: the user types, the wiki suggests categories that start so (one request
 * per pause in typing, not per key), Enter or a click adds one, and a chip's button removes it.
 * What the wiki says of each chip is shown beside it: a category that does not exist yet (a
 * warning only: editors create them), a hidden one, a redirect and where it leads; the warnings
 * are also said to screen readers as they arrive. The input is an ARIA combobox (arrows move
 * through the suggestions, Enter picks, Escape closes). By keyboard: Backspace in the empty input
 * goes to the last chip, Delete or Backspace on a chip removes it, and the focus stays in the
 * field (the next chip, else the input).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CategoryFacts, CategorySuggestion } from '../../api/describeApi';
import { msg } from '../../i18n';
import type { DescribeService } from './describeSetup';
import { TEXT_INPUT } from '../codex';
import { categoryNamespaceNames } from '../links';

/** Quiet time after the last keystroke before suggestions are asked for. */
export const SUGGEST_AFTER_MS = 300;

interface CategoryChipsProps {
	id: string;
	label: string;
	values: string[];
	service?: DescribeService;
	disabled?: boolean;
	/** A line under the label (e.g. the batch's categories this file has already). */
	note?: string;
	onChange( values: string[] ): void;
}

/**
 * The name as a chip holds it: no namespace prefix (`Category:`, or the wiki's own, like
 * `Kategorie:`), spaces for underscores, trimmed. A colon after anything else is the name's.
 */
export function chipName( typed: string, namespaces: string[] = categoryNamespaceNames() ): string {
	const colon = typed.indexOf( ':' );
	const prefix = colon === -1 ? '' : typed.slice( 0, colon ).replace( /_/g, ' ' ).trim().toLowerCase();
	const name = colon !== -1 && namespaces.indexOf( prefix ) !== -1 ? typed.slice( colon + 1 ) : typed;
	return name.replace( /_/g, ' ' ).trim();
}

export function CategoryChips( props: CategoryChipsProps ) {
	const { id, values, service } = props;
	const [ typed, setTyped ] = useState( '' );
	const suggestions = useSuggestions( service, typed );
	const [ active, setActive ] = useState( -1 );
	const [ open, setOpen ] = useState( false );
	const facts = useFacts( service, values );
	const shown = open && suggestions.length > 0;
	const said = useFactsSaid( values, facts );
	const input = useRef<HTMLInputElement>( null );
	const chips = useRef<HTMLUListElement>( null );
	const removeButtons = () => Array.from( chips.current?.querySelectorAll<HTMLButtonElement>( '.uploaddialog-chip-remove' ) || [] );
	// The chip whose button gets the focus once a removal is rendered (-1: the input).
	const focusNext = useRef<number | null>( null );
	useLayoutEffect( () => {
		const wanted = focusNext.current;
		focusNext.current = null;
		if ( wanted !== null ) {
			( removeButtons()[ wanted ] || input.current )?.focus();
		}
	}, [ values.join( '\n' ) ] );
	const remove = ( index: number ) => {
		const rest = values.filter( ( _, n ) => n !== index );
		// The pressed button goes with its chip: without this the focus would fall out of the dialog's flow.
		focusNext.current = rest.length ? Math.min( index, rest.length - 1 ) : -1;
		props.onChange( rest );
	};
	const onChipKey = ( index: number, e: KeyboardEvent ) => {
		if ( e.key === 'Delete' || e.key === 'Backspace' ) {
			e.preventDefault();
			remove( index );
		}
	};

	const add = ( name: string ) => {
		const chip = chipName( name );
		if ( chip && values.indexOf( chip ) === -1 ) {
			props.onChange( values.concat( chip ) );
		}
		setTyped( '' );
		setOpen( false );
		setActive( -1 );
	};
	const onKeyDown = ( e: KeyboardEvent ) => {
		if ( e.key === 'ArrowDown' || e.key === 'ArrowUp' ) {
			e.preventDefault();
			setOpen( true );
			const step = e.key === 'ArrowDown' ? 1 : -1;
			setActive( suggestions.length ? ( active + step + suggestions.length ) % suggestions.length : -1 );
		} else if ( e.key === 'Enter' ) {
			e.preventDefault();
			const picked = shown && active >= 0 ? suggestions[ active ] : null;
			add( picked ? picked.redirectTo || picked.name : typed );
		} else if ( e.key === 'Backspace' && typed === '' && values.length && !props.disabled ) {
			e.preventDefault();
			removeButtons()[ values.length - 1 ]?.focus();
		} else if ( e.key === 'Escape' && shown ) {
			// Closes the suggestions, not the dialog (a native <dialog> closes on Escape's default).
			e.preventDefault();
			e.stopPropagation();
			setOpen( false );
		}
	};

	return (
		<div class="uploaddialog-field uploaddialog-categories">
			<div class="uploaddialog-field-label"><label for={ id }>{ props.label }</label></div>
			{ props.note && <p class="uploaddialog-note">{ props.note }</p> }
			{ values.length > 0 && (
				<ul ref={ chips } class="uploaddialog-chips" aria-label={ props.label }>
					{ values.map( ( name, n ) => <Chip key={ name } name={ name } facts={ facts.get( name ) } disabled={ props.disabled } onRemove={ () => remove( n ) } onKeyDown={ ( e ) => onChipKey( n, e ) } /> ) }
				</ul>
			) }
			<div class="uploaddialog-combobox">
				<input
					ref={ input }
					id={ id }
					class={ TEXT_INPUT }
					value={ typed }
					disabled={ props.disabled }
					role="combobox"
					autoComplete="off"
					aria-autocomplete="list"
					aria-expanded={ shown }
					aria-controls={ `${ id }-list` }
					aria-activedescendant={ shown && active >= 0 ? `${ id }-option-${ active }` : undefined }
					aria-describedby={ `${ id }-help` }
					onInput={ ( e ) => {
						setTyped( ( e.target as HTMLInputElement ).value );
						setOpen( true );
						setActive( -1 );
					} }
					onKeyDown={ onKeyDown }
					onBlur={ () => setOpen( false ) }
				/>
				<ul id={ `${ id }-list` } role="listbox" class="uploaddialog-suggestions cdx-menu" hidden={ !shown } aria-label={ msg( 'uploaddialog-categories-suggestions' ) }>
					{ shown && suggestions.map( ( s, n ) => (
						<li
							key={ s.name }
							id={ `${ id }-option-${ n }` }
							role="option"
							aria-selected={ n === active }
							class={ `cdx-menu-item cdx-menu-item--enabled${ n === active ? ' is-active cdx-menu-item--highlighted' : '' }` }
							// Before the input's blur closes the list.
							onMouseDown={ ( e ) => {
								e.preventDefault();
								add( s.redirectTo || s.name );
							} }
						>
							<bdi>{ s.name }</bdi>
							{ s.redirectTo && <span class="uploaddialog-note"> { msg( 'uploaddialog-category-redirect', s.redirectTo ) }</span> }
							{ s.hidden && <span class="uploaddialog-note"> { msg( 'uploaddialog-category-hidden' ) }</span> }
						</li>
					) ) }
				</ul>
			</div>
			<p id={ `${ id }-help` } class="uploaddialog-note">{ msg( 'uploaddialog-categories-help' ) }</p>
			<p class="uploaddialog-live" aria-live="polite">{ said }</p>
		</div>
	);
}

interface ChipProps {
	name: string;
	facts: CategoryFacts | undefined;
	disabled?: boolean;
	onRemove(): void;
	onKeyDown( e: KeyboardEvent ): void;
}

function Chip( { name, facts, disabled, onRemove, onKeyDown }: ChipProps ) {
	const missing = !!facts && !facts.exists && !facts.invalid;
	return (
		<li class={ `uploaddialog-chip cdx-info-chip${ missing || facts?.invalid ? ' is-warning' : '' }` }>
			<bdi class="cdx-info-chip__text">{ name }</bdi>
			{ missing && <span class="uploaddialog-chip-fact">{ msg( 'uploaddialog-category-missing' ) }</span> }
			{ facts?.invalid && <span class="uploaddialog-chip-fact">{ msg( 'uploaddialog-category-invalid' ) }</span> }
			{ facts?.hidden && <span class="uploaddialog-chip-fact">{ msg( 'uploaddialog-category-hidden' ) }</span> }
			{ facts?.redirectTo && <span class="uploaddialog-chip-fact">{ msg( 'uploaddialog-category-redirect', facts.redirectTo ) }</span> }
			<button type="button" class="uploaddialog-chip-remove" disabled={ disabled } aria-label={ msg( 'uploaddialog-category-remove', name ) } title={ msg( 'uploaddialog-category-remove', name ) } onClick={ onRemove } onKeyDown={ onKeyDown }>
				<span aria-hidden="true">×</span>
			</button>
		</li>
	);
}

/** The wiki's suggestions for what is typed, asked for after a pause; the last answer wins. */
function useSuggestions( service: DescribeService | undefined, typed: string ): CategorySuggestion[] {
	const [ suggestions, setSuggestions ] = useState<CategorySuggestion[]>( [] );
	useEffect( () => {
		const prefix = chipName( typed );
		if ( !service || prefix === '' ) {
			setSuggestions( [] );
			return undefined;
		}
		const controller = new AbortController();
		const timer = setTimeout( () => {
			service.suggestCategories( prefix, 8, { signal: controller.signal } )
				.then( ( found ) => controller.signal.aborted || setSuggestions( found ) )
				.catch( () => undefined );
		}, SUGGEST_AFTER_MS );
		return () => {
			clearTimeout( timer );
			controller.abort();
		};
	}, [ service, typed ] );
	return suggestions;
}

/**
 * The warnings about the chips, for the live region: each chip's once, as the wiki's answer
 * arrives (a chip that is not there, or not a valid name). Said again only if added again.
 */
function useFactsSaid( names: string[], facts: Map<string, CategoryFacts> ): string {
	const said = useRef( new Set<string>() );
	const [ text, setText ] = useState( '' );
	const warnings = names.map( ( name ) => {
		const f = facts.get( name );
		if ( !f || said.current.has( name ) ) {
			return '';
		}
		return f.invalid ? msg( 'uploaddialog-category-invalid-said', name ) : f.exists ? '' : msg( 'uploaddialog-category-missing-said', name );
	} ).filter( Boolean );
	const now = warnings.join( ' ' );
	useEffect( () => {
		said.current.forEach( ( name ) => names.indexOf( name ) === -1 && said.current.delete( name ) );
		names.forEach( ( name ) => facts.has( name ) && said.current.add( name ) );
		if ( now ) {
			setText( now );
		}
	} );
	return text;
}

/** What the wiki says of each chip, asked once per name. */
function useFacts( service: DescribeService | undefined, names: string[] ): Map<string, CategoryFacts> {
	const known = useRef( new Map<string, CategoryFacts>() );
	const asked = useRef( new Set<string>() );
	const [ , setVersion ] = useState( 0 );
	useEffect( () => {
		const unknown = names.filter( ( n ) => !asked.current.has( n ) );
		if ( !service || !unknown.length ) {
			return;
		}
		unknown.forEach( ( n ) => asked.current.add( n ) );
		service.categoryFacts( unknown )
			.then( ( facts ) => {
				facts.forEach( ( f, i ) => known.current.set( unknown[ i ], f ) );
				setVersion( ( v ) => v + 1 );
			} )
			.catch( () => unknown.forEach( ( n ) => asked.current.delete( n ) ) );
	}, [ service, names.join( '\n' ) ] );
	return known.current;
}
