// Several exact values for one filter: type a value and press Enter (or leave the field) to add
// it; × removes it. Values may hold any character, commas included, as rule names can.

import { type KeyboardEvent, useState } from 'react';
import { Visible } from './Visible';

interface Props {
  label: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  suggestions?: readonly string[];
}

export function ChipInput({ label, values, onChange, suggestions }: Props) {
  const [text, setText] = useState('');
  const listId = `suggest-${label.toLowerCase()}`;
  const add = () => {
    const v = text.trim();
    if (v !== '' && !values.includes(v)) onChange([...values, v]);
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && text === '' && values.length > 0) onChange(values.slice(0, -1));
  };
  return (
    <div className="chips">
      <label>
        {label}
        <span className="chipbox">
          {values.map((v) => (
            <span key={v} className="chip">
              <Visible text={v} />
              <button
                type="button"
                aria-label={`remove ${label} ${v}`}
                onClick={() => onChange(values.filter((x) => x !== v))}
              >
                ×
              </button>
            </span>
          ))}
          <input
            type="text"
            name={label.toLowerCase()}
            value={text}
            list={suggestions && suggestions.length > 0 ? listId : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
            onBlur={add}
          />
        </span>
      </label>
      {suggestions && suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </div>
  );
}
