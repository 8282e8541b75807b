// A list the server filters and pages (history, audit): the filter form, what was applied, the cursors
// read so far, and the page shown with its loading, error and empty states. A page names only its
// fields, how they become query parameters, and its table.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { COMMAND_NAMES } from '../../../src/core/catalog.ts';
import { errorText, get } from '../api.ts';
import { t } from '../i18n/index.ts';
import { path, queryOf } from '../router.ts';
import { useSignal } from '../signal.ts';
import type { Page } from '../types.ts';
import { Pager } from './parts.tsx';

type Fields = Record<string, string>;

export interface FilteredList<F extends Fields, T> {
  form: F;
  set(k: keyof F, value: string): void;
  /** Fetch with what the form holds now, from the newest page. */
  apply(): void;
  page: Page<T> | null;
  error: string | null;
  cursors: Array<string | null>;
  setCursors(cursors: Array<string | null>): void;
}

/**
 * `empty` names the fields; those in `fromQuery` start from the address (`/history?agent=val-1`, a link
 * pasted in chat). `query` turns the applied fields into the endpoint's parameters: an empty value is
 * left out. `enabled` false fetches nothing (a page the reader may not see).
 */
export function useFilteredList<F extends Fields, T>(
  endpoint: string,
  empty: F,
  query: (applied: F) => Record<string, string | undefined>,
  { fromQuery = [], enabled = true }: { fromQuery?: Array<keyof F & string>; enabled?: boolean } = {},
): FilteredList<F, T> {
  const q = queryOf(useSignal(path));
  const [initial] = useState<F>(() => ({ ...empty, ...Object.fromEntries(fromQuery.map((k) => [k, q.get(k) ?? ''])) }));
  const [form, setForm] = useState<F>(initial);
  const [applied, setApplied] = useState<F>(initial);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    if (!enabled) return;
    const params = new URLSearchParams({ limit: '50' });
    for (const [k, v] of Object.entries(query(applied))) if (v) params.set(k, v);
    if (cursor) params.set('cursor', cursor);
    setError(null);
    get<Page<T>>(`${endpoint}?${params}`).then(setPage, (err) => setError(errorText(err)));
    // `query` is the page's own pure function of `applied`: a new closure each render is the same query.
  }, [endpoint, applied, cursor, enabled]);

  return {
    form,
    set: (k, value) => setForm((f) => ({ ...f, [k]: value })),
    apply: () => {
      setApplied(form);
      setCursors([null]);
    },
    page,
    error,
    cursors,
    setCursors,
  };
}

/** The form: the page's fields, then Apply. */
export function FilterForm({ list, children }: { list: FilteredList<Fields, unknown>; children: ComponentChildren }) {
  return (
    <form
      class="filters"
      aria-label={t('history.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        list.apply();
      }}
    >
      {children}
      <button type="submit">{t('history.apply')}</button>
    </form>
  );
}

type FieldProps<F extends Fields> = { list: FilteredList<F, unknown>; name: keyof F & string; label: string };

function bound<F extends Fields>({ list, name }: FieldProps<F>) {
  return { value: list.form[name], onInput: (e: { currentTarget: HTMLInputElement }) => list.set(name, e.currentTarget.value) };
}

export function TextFilter<F extends Fields>(props: FieldProps<F> & { placeholder?: string; inputMode?: 'numeric'; pattern?: string }) {
  const { placeholder, inputMode, pattern } = props;
  return (
    <label>
      {props.label}
      <input {...bound(props)} placeholder={placeholder} inputMode={inputMode} pattern={pattern} />
    </label>
  );
}

/** A moment typed in the reader's local time (datetime-local, to the minute). */
export function TimeFilter<F extends Fields>(props: FieldProps<F>) {
  return (
    <label>
      {props.label}
      <input type="datetime-local" {...bound(props)} />
    </label>
  );
}

/** A choice among `options` ([value, label]), or `any` for no filter. */
export function SelectFilter<F extends Fields>({ list, name, label, any, options }: FieldProps<F> & { any: string; options: ReadonlyArray<readonly [string, string]> }) {
  return (
    <label>
      {label}
      <select value={list.form[name]} onChange={(e) => list.set(name, e.currentTarget.value)}>
        <option value="">{any}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Any command of the catalogue, by its name. */
export function CommandFilter<F extends Fields>({ list, name }: { list: FilteredList<F, unknown>; name: keyof F & string }) {
  return <SelectFilter list={list} name={name} label={t('history.command')} any={t('history.anyCommand')} options={COMMAND_NAMES.map((c) => [c, c] as const)} />;
}

/** The fetched page: an error above it, loading until the first answer, `empty` when nothing matches, the pager below. */
export function FilteredRows<T>({ list, empty, children }: { list: FilteredList<Fields, T>; empty: string; children: (items: T[]) => ComponentChildren }) {
  const { page, error, cursors, setCursors } = list;
  return (
    <>
      {error && (
        <p role="alert" class="notice error">
          {error}
        </p>
      )}
      {page === null ? <p role="status">{t('app.loading')}</p> : page.items.length === 0 ? <p>{empty}</p> : children(page.items)}
      <Pager cursors={cursors} next={page?.next ?? null} onChange={setCursors} />
    </>
  );
}
