// Collects validation failures in Discord's "Invalid Form Body" tree: nested keys follow the JSON path,
// each leaf holds `_errors: [{code, message}]`, so a failing test shows exactly which field broke a limit.

import { Errors } from './api-error.ts';
import { isRecord, type JsonRecord } from './json-guards.ts';

export type FormPath = readonly (string | number)[];

export interface ErrorSink {
  add(path: FormPath, code: string, message: string): void;
}

export class FormErrors implements ErrorSink {
  readonly tree: JsonRecord = {};

  /** A sink writing under `prefix`, for a message body nested in an interaction callback's `data`. */
  at(prefix: FormPath): ErrorSink {
    return { add: (path, code, message) => this.add([...prefix, ...path], code, message) };
  }

  add(path: FormPath, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      let next = node[k];
      if (!isRecord(next)) {
        next = {};
        node[k] = next;
      }
      node = next as JsonRecord;
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
    list.push({ code, message });
    node._errors = list;
  }

  get empty(): boolean {
    return Object.keys(this.tree).length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw Errors.invalidFormBody(this.tree);
  }
}
