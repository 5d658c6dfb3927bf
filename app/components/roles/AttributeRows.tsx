/**
 * Resource attribute rows of the access explainer (name = value). Plain inputs named `key` and
 * `value`, so the GET form sends them in order without JavaScript; there, one blank row is always
 * offered and a row left blank is dropped. Once hydrated, "Add attribute" and "Remove" change the
 * rows in place.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { MAX_ATTRIBUTE_ROWS, type AttributeRow, type ExplainFieldErrors } from './explainQuery';

type Row = AttributeRow & { id: number };

const inputClass = (invalid: boolean) =>
  `block w-full rounded-tremor-default border bg-white px-3 py-2 text-tremor-default shadow-tremor-input outline-none focus:ring-2 ${
    invalid
      ? 'border-red-500 focus:border-red-500 focus:ring-red-200'
      : 'border-tremor-border focus:border-tremor-brand-subtle focus:ring-tremor-brand-muted'
  }`;

export function AttributeRows({ rows, errors }: { rows: AttributeRow[]; errors: ExplainFieldErrors }) {
  const id = useId();
  const nextId = useRef(0);
  const withIds = (list: AttributeRow[]) => list.map((row) => ({ ...row, id: nextId.current++ }));
  const [items, setItems] = useState<Row[]>(() => withIds([...rows, { key: '', value: '' }]));
  const [isHydrated, setHydrated] = useState(false);
  const focusRow = useRef<number | null>(null);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (focusRow.current === null) return;
    document.getElementById(`${id}-key-${focusRow.current}`)?.focus();
    focusRow.current = null;
  });

  const add = () => {
    const [row] = withIds([{ key: '', value: '' }]);
    focusRow.current = row!.id;
    setItems((list) => [...list, row!]);
  };

  return (
    <fieldset className="space-y-3" aria-describedby={`${id}-hint${errors.attributes ? ` ${id}-error` : ''}`}>
      <legend className="text-base font-semibold text-gray-900">Resource attributes (optional)</legend>
      <p id={`${id}-hint`} className="text-sm text-gray-600">
        What a condition reads as <code>resource.&lt;name&gt;</code>. Numbers become numbers, true and false become
        true/false, anything else is text. Leave a row blank to leave it out.
      </p>
      {errors.attributes ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {errors.attributes}
        </p>
      ) : null}
      <ul className="space-y-2">
        {items.map((row, index) => {
          const keyError = errors[`key.${index}`];
          const valueError = errors[`value.${index}`];
          return (
            <li key={row.id} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
              <div className="space-y-1">
                <label htmlFor={`${id}-key-${row.id}`} className="block text-sm font-medium text-gray-700">
                  Attribute {index + 1} name
                </label>
                <input
                  id={`${id}-key-${row.id}`}
                  name="key"
                  defaultValue={row.key}
                  maxLength={64}
                  placeholder="region"
                  autoComplete="off"
                  aria-invalid={keyError ? true : undefined}
                  aria-describedby={keyError ? `${id}-key-${row.id}-error` : undefined}
                  className={inputClass(Boolean(keyError))}
                />
                {keyError ? (
                  <p id={`${id}-key-${row.id}-error`} role="alert" className="text-sm text-red-600">
                    {keyError}
                  </p>
                ) : null}
              </div>
              <div className="space-y-1">
                <label htmlFor={`${id}-value-${row.id}`} className="block text-sm font-medium text-gray-700">
                  Attribute {index + 1} value
                </label>
                <input
                  id={`${id}-value-${row.id}`}
                  name="value"
                  defaultValue={row.value}
                  maxLength={500}
                  placeholder="eu"
                  autoComplete="off"
                  aria-invalid={valueError ? true : undefined}
                  aria-describedby={valueError ? `${id}-value-${row.id}-error` : undefined}
                  className={inputClass(Boolean(valueError))}
                />
                {valueError ? (
                  <p id={`${id}-value-${row.id}-error`} role="alert" className="text-sm text-red-600">
                    {valueError}
                  </p>
                ) : null}
              </div>
              {isHydrated ? (
                <button
                  type="button"
                  onClick={() => setItems((list) => list.filter((item) => item.id !== row.id))}
                  className="self-end rounded-md px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
                >
                  Remove<span className="sr-only"> attribute {index + 1}</span>
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {isHydrated && items.length < MAX_ATTRIBUTE_ROWS ? (
        <button
          type="button"
          onClick={add}
          className="rounded-md border border-gray-300 px-3 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        >
          Add attribute
        </button>
      ) : null}
    </fieldset>
  );
}
