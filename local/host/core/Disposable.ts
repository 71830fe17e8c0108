/**
 * The `Disposable` the worker exposes on `@azure/functions-core`: `dispose()` runs its callback
 * once.
 */
export class Disposable {
  #onDispose: (() => void) | undefined;

  constructor(onDispose: () => void) {
    this.#onDispose = onDispose;
  }

  /** Combines several disposables into one. */
  static from(...disposables: readonly { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const disposable of disposables) disposable.dispose();
    });
  }

  dispose(): void {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    onDispose?.();
  }
}
