export { EnvironmentPicker } from './EnvironmentPicker';
export type { EnvironmentPickerUiOptions } from './EnvironmentPicker';
export { validateEnvironmentChoice } from './validateEnvironmentChoice';
