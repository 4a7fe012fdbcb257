export type {
  ResourceLocator,
  LocatableComponent,
  LocateOptions,
} from './ResourceLocator';
export { DefaultResourceLocator } from './DefaultResourceLocator';
export {
  resourceLocatorServiceRef,
  resourceLocatorServiceFactory,
} from './resourceLocatorServiceRef';
export { allSettledOrThrow } from './allSettledOrThrow';
