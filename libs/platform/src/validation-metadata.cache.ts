import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const installed = new WeakSet<Storage>();

/**
 * Makes class-validator remember each DTO class's resolved validation rules instead of working
 * them out again on every validation.
 *
 * class-validator 0.15 answers `getTargetValidationMetadatas` by scanning the metadata of every
 * decorated class in the process (`prototype instanceof` against each, to find inherited rules) and
 * filtering copies of the arrays, for every object validated: O(all DTO classes) per request, and
 * under the list load the largest allocation site of the event loop (~7% of its bytes in a sampled
 * heap profile); cached, a validation of the list's query went from 33 to 23 µs (README,
 * Benchmarks). Upstream knows (typestack/class-validator#2686, open) and has no cache option; large
 * NestJS apps wrap this one method the same way (twentyhq/twenty#24085).
 *
 * The answer for a class depends only on the rules registered so far, so it is cached per class
 * and per option tuple, and the whole cache is dropped whenever a rule or schema is registered
 * (decorators run at class load; a class loaded later can never see a stale answer). Callers only
 * read the returned array (ValidationExecutor groups it by property), so sharing it is safe.
 * Idempotent; returns the storage it wrapped.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): Storage {
  if (installed.has(storage)) return storage;
  installed.add(storage);
  let cache = new WeakMap<object, Map<string, ReturnType<Lookup>>>();
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  const addSchema = storage.addValidationSchema.bind(storage);

  storage.addValidationMetadata = (metadata) => {
    cache = new WeakMap();
    add(metadata);
  };
  storage.addValidationSchema = (schema) => {
    cache = new WeakMap();
    addSchema(schema);
  };
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    let byOptions = cache.get(targetConstructor);
    if (!byOptions) cache.set(targetConstructor, (byOptions = new Map()));
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups ? JSON.stringify(groups) : ''}`;
    let metadatas = byOptions.get(key);
    if (!metadatas)
      byOptions.set(key, (metadatas = lookup(targetConstructor, targetSchema, always, strictGroups, groups)));
    return metadatas;
  };
  return storage;
}
