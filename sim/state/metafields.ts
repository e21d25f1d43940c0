import type { Gid } from "./ids";

export interface Metafield {
  id: Gid;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

/** A record metafields can be set on. */
export interface HasMetafields {
  id: Gid;
  metafields: Metafield[];
}
