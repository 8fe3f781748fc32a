export { type RunningServer, type StartOptions, startServer } from './app';
export { type Config, ConfigError, loadConfig } from './config';
