import { SettingsScreen } from '@calling/app-shell';

export default SettingsScreen;
