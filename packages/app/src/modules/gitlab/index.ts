export { gitlabModule } from './gitlabModule';
