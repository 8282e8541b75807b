// A small typed event bus. A throwing listener is reported, never allowed to break the emitter's caller
// (the hub must keep reading frames whatever a notification listener does).

export type Listener<T> = (event: T) => void;

export interface EventBus<E extends object> {
  on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void;
  emit<K extends keyof E>(name: K, event: E[K]): void;
}

export function createEventBus<E extends object>(onListenerError: (err: unknown, name: string) => void): EventBus<E> {
  const listeners = new Map<keyof E, Set<Listener<never>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as Listener<never>);
      return () => set.delete(listener as Listener<never>);
    },
    emit(name, event) {
      const set = listeners.get(name);
      if (!set) return;
      for (const l of set) {
        try {
          (l as Listener<typeof event>)(event);
        } catch (err) {
          onListenerError(err, String(name));
        }
      }
    },
  };
}
