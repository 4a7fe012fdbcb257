export { scmAuthModule } from './scmAuthModule';
