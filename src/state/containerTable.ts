// Containers by id, filled from container events (and by whatever a container plugin or the
// live sensor learns). Bounded: past maxContainers the oldest entry is evicted.

import { containerTypeName, emptyContainer, parseContainerJson } from './containerJson.js';
import type { ContainerInfo } from './types.js';

export const DEFAULT_MAX_CONTAINERS = 8192;

export class ContainerTable {
  private readonly byId = new Map<string, ContainerInfo>();

  constructor(readonly maxContainers: number = DEFAULT_MAX_CONTAINERS) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ContainerInfo | undefined {
    return this.byId.get(id);
  }

  values(): IterableIterator<ContainerInfo> {
    return this.byId.values();
  }

  /** Adds or replaces a container. */
  add(c: ContainerInfo): ContainerInfo {
    if (!this.byId.has(c.id) && this.byId.size >= this.maxContainers) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
    this.byId.delete(c.id);
    this.byId.set(c.id, c);
    return c;
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  /** PPME_CONTAINER_E: id, numeric type, name, image. */
  addFromContainerEvent(id: string, type: number, name: string, image: string): ContainerInfo {
    const c = emptyContainer(id, containerTypeName(type));
    c.name = name;
    c.image = image;
    return this.add(c);
  }

  /** PPME_CONTAINER_JSON_E / _2_E. Throws ContainerJsonError on bad JSON. */
  addFromJson(json: string): ContainerInfo {
    return this.add(parseContainerJson(json));
  }
}
