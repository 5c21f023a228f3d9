/**
 * A number box of the dialog's settings that the engine takes only when the user is done with it
 * (the `change` event: Tab, Enter, the spinner's arrows), so that a value half typed is never
 * clamped. Until then what the user typed stays in the box, whatever renders the dialog meanwhile:
 * a controlled input would be set back to the engine's value by any re-render (progress ticks come
 * every 200 ms during an upload) and wipe the typing.
 */
import type { InputHTMLAttributes } from 'preact';
import { useState } from 'preact/hooks';

type NumberInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'onChange' | 'onBlur' | 'type'>;

export interface NumberSettingProps extends NumberInputProps {
	/** The engine's value, shown while the user is not typing. */
	value: number;
	/** The text the user settled on; the engine parses and clamps it. */
	onCommit( typed: string ): void;
}

export function NumberSetting( { value, onCommit, ...rest }: NumberSettingProps ) {
	const [ typed, setTyped ] = useState<string | null>( null );
	return (
		<input
			{ ...rest }
			type="number"
			value={ typed !== null ? typed : value }
			onInput={ ( e ) => setTyped( e.currentTarget.value ) }
			onChange={ ( e ) => {
				setTyped( null );
				onCommit( e.currentTarget.value );
			} }
			onBlur={ () => setTyped( null ) }
		/>
	);
}
