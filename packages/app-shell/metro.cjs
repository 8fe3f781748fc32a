// The Metro configuration both apps use: Expo's default, with the @calling packages taken from their sources
// in this repository (their package `exports` name the built dist/ for everyone else), so an edit in a package
// reaches the app without a build.
const { getDefaultConfig } = require('expo/metro-config');

exports.metroConfig = (appDir) => {
  const config = getDefaultConfig(appDir);
  config.resolver.unstable_conditionNames = ['@calling/source', ...config.resolver.unstable_conditionNames];
  return config;
};
