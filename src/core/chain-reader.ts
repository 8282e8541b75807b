// The chain, read: the port the core calls when CHAIN_RPC_URL is set (src/chain/ implements it). The
// keys are hex as the chain stores them (the concatenated session keys of session.setKeys).

export interface ChainSessionKeys {
  /** session.nextKeys(stash): the keys that become active at the next session change; null when none are set. */
  next: string | null;
  /** session.queuedKeys entries for this stash (validator id): the keys active from the next session. */
  queued: string[];
}

export interface ChainReader {
  sessionKeys(stash: string): Promise<ChainSessionKeys>;
  /** The chain's name: a cheap call that says whether the endpoint answers. */
  probe(): Promise<string>;
  close(): Promise<void>;
}
